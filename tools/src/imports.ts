/**
 * The module specifiers a source file names, read from its syntax tree (the
 * oxc parser that rolldown ships), so that text inside comments and strings
 * (TSDoc examples, error messages) never counts as an import.
 *
 * Counted: `import` and `export ... from` declarations (type-only ones too:
 * a published `.d.ts` needs them), dynamic `import('x')` with a literal,
 * `import('x')` types, and `require.resolve('x')` / `createRequire(...).resolve('x')`
 * calls (a package used for its files, e.g. a data set).
 */
import { readFileSync } from 'node:fs'
import { parseSync } from 'rolldown/utils'

/** One specifier and where it appears. */
export interface ImportSite {
  readonly specifier: string
  /** 1-based line. */
  readonly line: number
}

interface Node {
  readonly type: string
  readonly start: number
  readonly [key: string]: unknown
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'

const literalOf = (value: unknown): string | undefined => {
  if (!isNode(value)) return undefined
  if (value.type === 'Literal' && typeof value['value'] === 'string') return value['value']
  return undefined
}

const specifierOf = (node: Node): string | undefined => {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
    case 'ImportExpression':
    case 'TSImportType':
      return literalOf(node['source'])
    case 'CallExpression': {
      const callee = node['callee']
      const args = node['arguments']
      if (isNode(callee) && callee.type === 'MemberExpression' && !callee['computed']) {
        const property = callee['property']
        if (isNode(property) && property['name'] === 'resolve' && Array.isArray(args) && args.length === 1) return literalOf(args[0])
      }
      return undefined
    }
    default:
      return undefined
  }
}

/** Line starts of `text`, for offset -> line. */
export const lineStarts = (text: string): number[] => {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  return starts
}

/** The 1-based line of `offset`. */
export const lineAt = (starts: readonly number[], offset: number): number => {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid]! <= offset) lo = mid
    else hi = mid - 1
  }
  return lo + 1
}

/** The specifiers of a module's text (`file` picks the dialect by extension and names it in parse errors). */
export const importsOf = (text: string, file: string): ImportSite[] => {
  const lang = /\.[mc]?tsx?$/.test(file) ? (file.endsWith('x') ? 'tsx' : 'ts') : 'js'
  const parsed = parseSync(file, text, { lang })
  if (parsed.errors.length > 0) throw new Error(`${file}: cannot parse: ${parsed.errors[0]!.message}`)
  const starts = lineStarts(text)
  const sites: ImportSite[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (!isNode(value)) return
    const specifier = specifierOf(value)
    if (specifier !== undefined) sites.push({ specifier, line: lineAt(starts, value.start) })
    for (const key of Object.keys(value)) if (key !== 'parent') visit(value[key])
  }
  visit(parsed.program)
  return sites
}

/** {@link importsOf} a file on disk. */
export const importsOfFile = (file: string): ImportSite[] => importsOf(readFileSync(file, 'utf8'), file)
