export type { NetworkSpec, VariableSpec } from './network-spec.js'
