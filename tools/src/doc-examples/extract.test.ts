import { describe, expect, it } from 'vitest'
import { examplesOfSource, runnableBlocksOfMarkdown } from './extract.js'

const source = `/**
 * Adds.
 *
 * @example
 * \`\`\`ts
 * import { add } from '@x/math'
 *   add(1, 2) // => 3
 * \`\`\`
 * @param a the first
 */
export const add = (a: number, b: number) => a + b

/** @example add(1, 2) */
export const one = 1

/**
 * A fragment.
 * @example
 * // add(2, 2) => 4
 * @example
 * \`\`\`typescript
 * add(0, 0) // => 0
 * \`\`\`
 */
export const two = 2
`

describe('examplesOfSource', () => {
  const found = examplesOfSource(source, 'src/a.ts')

  it('finds fenced blocks with their first line and keeps their indentation', () => {
    expect(found.blocks).toEqual([
      { file: 'src/a.ts', line: 6, code: "import { add } from '@x/math'\n  add(1, 2) // => 3\n" },
      { file: 'src/a.ts', line: 22, code: 'add(0, 0) // => 0\n' },
    ])
  })

  it('reports @example tags without a fence, on one line or several', () => {
    expect(found.unfenced).toEqual([
      { file: 'src/a.ts', line: 13, text: 'add(1, 2)' },
      { file: 'src/a.ts', line: 18, text: '// add(2, 2) => 4' },
    ])
  })
})

describe('runnableBlocksOfMarkdown', () => {
  it('takes the blocks marked `ts run` only', () => {
    const md = '# t\n```ts\nnot(run)\n```\n\n```ts run\nrun() // => 1\n```\n```sh\nls\n```\n'
    expect(runnableBlocksOfMarkdown(md, 'README.md')).toEqual([{ file: 'README.md', line: 7, code: 'run() // => 1\n' }])
  })
})
