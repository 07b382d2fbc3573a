/**
 * Unwrapping results in tests. An fp-ts `Either` is `{ _tag: 'Left', left }`
 * or `{ _tag: 'Right', right }`; these read that shape without importing
 * fp-ts, and fail the test with the other side.
 */

/** The shape of an fp-ts `Either`. */
export type EitherLike<L, A> = { readonly _tag: 'Left'; readonly left: L } | { readonly _tag: 'Right'; readonly right: A }

const show = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))

/** The right value, or a thrown error showing the left. */
export const right = <A>(e: EitherLike<unknown, A>): A => {
  if (e._tag === 'Left') throw new Error(`expected Right, got Left ${show(e.left)}`)
  return e.right
}

/** The left value, or a thrown error. */
export const left = <L>(e: EitherLike<L, unknown>): L => {
  if (e._tag === 'Right') throw new Error('expected Left, got Right')
  return e.left
}

/** The `_tag` of a Left (the tags of a list of errors), or 'Right'. */
export const tagOf = (e: EitherLike<{ readonly _tag: string } | readonly { readonly _tag: string }[], unknown>): string | readonly string[] =>
  e._tag === 'Right' ? 'Right' : Array.isArray(e.left) ? e.left.map((x: { readonly _tag: string }) => x._tag) : (e.left as { readonly _tag: string })._tag
