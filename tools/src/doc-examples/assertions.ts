/**
 * The `// =>` grammar: turning an example block into a module that checks
 * what its comments claim.
 *
 * A line comment that starts with `=>` or `~>` is an assertion about the
 * statement that ends on its line, just before it:
 *
 * - `expr // => expected`: the value of the expression statement `expr`
 *   deep-equals `expected` (`check.ts`: numbers by `Object.is`, so `NaN`
 *   equals `NaN`; same prototypes, except that a null-prototype record equals
 *   an object literal; same own keys; typed arrays element by element);
 * - `const x = expr // => expected` (or `let`, `var`; one name): the value of
 *   `x` after the declaration deep-equals `expected`;
 * - `~>` instead of `=>`: the same, except that numbers need only be within
 *   1e-4 of each other (for figures printed rounded, such as 0.4242).
 *
 * `expected` is the rest of the line: any JavaScript expression, evaluated in
 * the example's scope (`E.right(true)`, `new Float64Array([0.5, 0.5])`,
 * `{ _tag: 'Cycle', path: ['a', 'b', 'a'] }`), so it is typechecked with the
 * example. The statement may span several lines: the comment goes on its last,
 * or, for a long value, alone on the line right after it. An assertion
 * comment with no such statement (after a blank line, a destructuring
 * declaration or a `}`) is an error, as is an `expected` that is not an
 * expression.
 */
import { parseSync } from 'rolldown/utils'
import { lineAt, lineStarts } from '../imports.js'
import type { CodeBlock } from './extract.js'

/** The name of the checking function that the generated module imports. */
export const CHECK = '__check'

/** An example as a module, or why it cannot be one. */
export interface ExampleModule {
  readonly code: string
  readonly assertions: number
  /** `file:line` of each assertion, in the order of the text. */
  readonly locations: readonly string[]
  /** Problems with the example itself, each `file:line: message`. */
  readonly errors: readonly string[]
}

interface Node {
  readonly type: string
  readonly start: number
  readonly end: number
  readonly [key: string]: unknown
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { start?: unknown }).start === 'number'

const ASSERTION = /^\s*(=>|~>)\s*(.*?)\s*$/

const statementsOf = (program: unknown): Node[] => {
  const out: Node[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item)
      return
    }
    if (!isNode(value)) return
    if (value.type === 'ExpressionStatement' || value.type === 'VariableDeclaration') out.push(value)
    for (const key of Object.keys(value)) if (key !== 'parent') visit(value[key])
  }
  visit(program)
  return out
}

const isExpression = (text: string): boolean => text !== '' && parseSync('expected.ts', `(${text})\n`, { lang: 'ts' }).errors.length === 0

/** The block as a module whose assertions call `check` (imported from `checkModule`). */
export const toModule = (block: CodeBlock, checkModule: string): ExampleModule => {
  const where = (offset: number): string => `${block.file}:${block.line + lineAt(starts, offset) - 1}`
  const starts = lineStarts(block.code)
  const parsed = parseSync('example.ts', block.code, { lang: 'ts' })
  if (parsed.errors.length > 0)
    return { code: '', assertions: 0, locations: [], errors: parsed.errors.map((e) => `${block.file}:${block.line + ((e.labels[0]?.start ?? 0) === 0 ? 0 : lineAt(starts, e.labels[0]!.start) - 1)}: does not parse: ${e.message}`) }
  const statements = statementsOf(parsed.program)
  const edits: { at: number; end: number; text: string }[] = []
  const locations: string[] = []
  const errors: string[] = []
  for (const comment of parsed.comments) {
    if (comment.type !== 'Line') continue
    const match = ASSERTION.exec(comment.value)
    if (match === null) continue
    const [, op, expected] = match as unknown as [string, '=>' | '~>', string]
    const loc = where(comment.start)
    if (!isExpression(expected)) {
      errors.push(`${loc}: '// ${op}' needs an expression after it, got '${expected}'`)
      continue
    }
    // The statement that ends right before the comment: on its line (only spaces or a semicolon between), or
    // on the line before when the comment stands alone on its line.
    const candidates = statements.filter((s) => s.end <= comment.start && /^[ \t;]*(\r?\n[ \t]*)?$/.test(block.code.slice(s.end, comment.start)))
    const statement = candidates.sort((a, b) => b.end - a.end || a.start - b.start)[0]
    if (statement === undefined) {
      errors.push(`${loc}: '// ${op}' must follow an expression statement or a declaration of one name, on its line or the line before`)
      continue
    }
    const args = `(${expected}), ${JSON.stringify(loc)}, '${op}'`
    locations.push(loc)
    if (statement.type === 'ExpressionStatement') {
      const expression = statement['expression'] as Node
      edits.push({ at: expression.start, end: expression.end, text: `${CHECK}((${block.code.slice(expression.start, expression.end)}), ${args})` })
    } else {
      const declarations = statement['declarations'] as Node[]
      const id = declarations.length === 1 ? (declarations[0]!['id'] as Node) : undefined
      if (id === undefined || id.type !== 'Identifier') {
        errors.push(`${loc}: '// ${op}' after a declaration needs exactly one declared name`)
        continue
      }
      edits.push({ at: statement.end, end: statement.end, text: `; ${CHECK}(${String(id['name'])}, ${args})` })
    }
  }
  let code = block.code
  for (const edit of edits.sort((a, b) => b.at - a.at)) code = code.slice(0, edit.at) + edit.text + code.slice(edit.end)
  // Appended, so that the example's lines keep their numbers; imports are hoisted.
  code += `import { check as ${CHECK} } from '${checkModule}'\nexport {}\n`
  return { code, assertions: edits.length, locations, errors }
}
