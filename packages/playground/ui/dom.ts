// Tiny helpers to build HTML and SVG elements without a framework.

type Attributes = Readonly<Record<string, string | number | boolean | undefined>>
type Child = Node | string | undefined | false

const setAttributes = (element: Element, attributes: Attributes): void => {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? '' : String(value))
  }
}

/** An HTML element with attributes and children. */
export const html = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag)
  setAttributes(element, attributes)
  for (const child of children) if (child !== undefined && child !== false) element.append(child)
  return element
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element with attributes and children. */
export const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] => {
  const element = document.createElementNS(SVG_NS, tag)
  setAttributes(element, attributes)
  for (const child of children) if (child !== undefined && child !== false) element.append(child)
  return element
}

/** Shorten a label to `max` characters with an ellipsis. */
export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)
