/**
 * The closed union of errors of the image-model half of `@chainrule/learn`
 * (logistic CPDs, mixed networks, binary chains, AUROC), and one renderer.
 */

/** Every problem the logistic / image-model functions report. */
export type ImageModelError =
  | { readonly _tag: 'NotBinary'; readonly index: number; readonly value: number }
  | { readonly _tag: 'ShapeMismatch'; readonly what: string; readonly expected: number; readonly got: number }
  | { readonly _tag: 'EmptyData'; readonly what: string }
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly value: string; readonly reason: string }
  | { readonly _tag: 'InvalidWeight'; readonly variable: string; readonly index: number; readonly value: number }
  | { readonly _tag: 'ParentOutOfRange'; readonly variable: string; readonly parent: number }
  | { readonly _tag: 'CpdMismatch'; readonly variable: string; readonly reason: string }
  | { readonly _tag: 'TooManyParents'; readonly variable: string; readonly parents: number; readonly limit: number }
  | { readonly _tag: 'NonBinaryVariable'; readonly variable: string; readonly states: number }
  | { readonly _tag: 'Dependency'; readonly source: 'models' | 'factor' | 'graph'; readonly message: string }
  | { readonly _tag: 'WorkerFailed'; readonly message: string }

/**
 * Render any {@link ImageModelError} as one line.
 *
 * @example
 * describeImageModelError({ _tag: 'NotBinary', index: 3, value: 7 })
 * // => 'value 7 at index 3 is not 0 or 1'
 */
export const describeImageModelError = (e: ImageModelError): string => {
  switch (e._tag) {
    case 'NotBinary':
      return `value ${e.value} at index ${e.index} is not 0 or 1`
    case 'ShapeMismatch':
      return `${e.what}: expected ${e.expected}, got ${e.got}`
    case 'EmptyData':
      return `${e.what} is empty`
    case 'InvalidOption':
      return `invalid option ${e.option} = ${e.value}: ${e.reason}`
    case 'InvalidWeight':
      return `logistic CPD of ${e.variable}: weight ${e.index} is ${e.value} (expected a finite number)`
    case 'ParentOutOfRange':
      return `CPD of ${e.variable}: parent ${e.parent} is not a variable of the network`
    case 'CpdMismatch':
      return `CPD of ${e.variable}: ${e.reason}`
    case 'TooManyParents':
      return `logistic CPD of ${e.variable} has ${e.parents} parents; a table would need 2^${e.parents} rows (limit ${e.limit} parents)`
    case 'NonBinaryVariable':
      return `variable ${e.variable} has ${e.states} states; logistic CPDs need binary variables`
    case 'Dependency':
      return `${e.source}: ${e.message}`
    case 'WorkerFailed':
      return `worker thread failed: ${e.message}`
  }
}
