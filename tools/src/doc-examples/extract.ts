/**
 * Finding the documentation's code: fenced ```ts blocks inside the `@example`
 * tags of TSDoc comments, `@example` tags without one (comment fragments,
 * which nothing can run), and the fenced blocks of a markdown file marked
 * runnable with the info string `ts run`.
 *
 * A TSDoc comment is `/** ... *\/`; its lines lose their leading `*` and one
 * space. An `@example` section runs from its tag to the next line that starts
 * with a tag (`@param`, `@example`, ...) outside a fence, or the comment's end.
 * A fence opens with a line of three backticks and `ts` or `typescript`
 * (anything after the language is ignored in TSDoc) and closes with a line of
 * three backticks.
 */

/** A block of example code and where its first line is. */
export interface CodeBlock {
  /** Repository-relative file. */
  readonly file: string
  /** 1-based line of the block's first code line in `file`. */
  readonly line: number
  readonly code: string
}

/** An `@example` tag that holds no fenced block. */
export interface UnfencedExample {
  readonly file: string
  /** 1-based line of the `@example` tag. */
  readonly line: number
  /** Its first line of text, to recognise it in a report. */
  readonly text: string
}

/** What one source file documents. */
export interface SourceExamples {
  readonly blocks: readonly CodeBlock[]
  readonly unfenced: readonly UnfencedExample[]
}

const FENCE_OPEN = /^```(ts|typescript)\b(.*)$/
const FENCE_CLOSE = /^```\s*$/

/** The `@example` blocks and fragments of a TypeScript source text. */
export const examplesOfSource = (text: string, file: string): SourceExamples => {
  const lines = text.split('\n')
  const blocks: CodeBlock[] = []
  const unfenced: UnfencedExample[] = []
  let inComment = false
  let example: { line: number; text: string; fenced: boolean } | undefined
  let fence: { line: number; code: string[] } | undefined
  const closeExample = (): void => {
    if (example !== undefined && !example.fenced) unfenced.push({ file, line: example.line, text: example.text })
    example = undefined
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    if (!inComment) {
      const start = raw.indexOf('/**')
      if (start < 0 || raw.slice(start).startsWith('/**/')) continue
      inComment = true
      const rest = raw.slice(start + 3)
      if (rest.includes('*/')) {
        inComment = false
        const single = rest.slice(0, rest.indexOf('*/')).trim()
        if (single.startsWith('@example')) unfenced.push({ file, line: i + 1, text: single.slice('@example'.length).trim() })
      }
      continue
    }
    const ends = raw.includes('*/') && fence === undefined
    const body = (ends ? raw.slice(0, raw.indexOf('*/')) : raw).replace(/^\s*\*( |$)/, '')
    if (fence !== undefined) {
      if (FENCE_CLOSE.test(body.trim())) {
        blocks.push({ file, line: fence.line, code: fence.code.join('\n') + '\n' })
        fence = undefined
      } else fence.code.push(body)
    } else if (body.trimStart().startsWith('@')) {
      closeExample()
      if (body.trimStart().startsWith('@example')) example = { line: i + 1, text: body.trim().slice('@example'.length).trim(), fenced: false }
    } else if (example !== undefined && FENCE_OPEN.test(body.trim())) {
      example.fenced = true
      fence = { line: i + 2, code: [] }
    } else if (example !== undefined && example.text === '' && body.trim() !== '') example.text = body.trim()
    if (ends) {
      closeExample()
      inComment = false
    }
  }
  return { blocks, unfenced }
}

/** The marker of a runnable markdown block: the info string `ts run` (or `typescript run`). */
export const RUNNABLE_FENCE = /^```(ts|typescript)\s+run\s*$/

/** The fenced blocks of a markdown text whose info string is `ts run`. */
export const runnableBlocksOfMarkdown = (text: string, file: string): CodeBlock[] => {
  const blocks: CodeBlock[] = []
  const lines = text.split('\n')
  let open: { line: number; code: string[] } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (open === undefined) {
      if (RUNNABLE_FENCE.test(line.trim())) open = { line: i + 2, code: [] }
    } else if (FENCE_CLOSE.test(line.trim())) {
      blocks.push({ file, line: open.line, code: open.code.join('\n') + '\n' })
      open = undefined
    } else open.code.push(line)
  }
  return blocks
}
