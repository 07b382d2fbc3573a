/** The WebAssembly text `wat`, assembled with wabt and validated, as base64. */
export declare const assembleKernels: (wat: string, name?: string) => Promise<string>
