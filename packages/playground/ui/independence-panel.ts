// The independence question: X, Y and the conditioning set Z (picked here or
// from the node panel; observed variables join Z when the box is ticked).
import { html } from './dom.js'

/** The question as the user set it. */
export interface IndependenceForm {
  readonly x: string | undefined
  readonly y: string | undefined
  readonly z: readonly string[]
  readonly withObserved: boolean
}

/** The panel's handle: show a form state and an answer. */
export interface IndependencePanel {
  readonly show: (form: IndependenceForm, answer: { readonly text: string; readonly separated: boolean | undefined }) => void
}

/** Build the panel for a network's variables; `onChange` receives every edit. */
export const buildIndependencePanel = (
  panel: HTMLElement,
  names: readonly string[],
  onChange: (form: IndependenceForm) => void,
): IndependencePanel => {
  const options = (blank: boolean) => [...(blank ? [html('option', { value: '' }, '—')] : []), ...names.map((n) => html('option', { value: n }, n))]
  const x = html('select', { id: 'dsep-x' }, ...options(true))
  const y = html('select', { id: 'dsep-y' }, ...options(true))
  const z = html('select', { id: 'dsep-z', multiple: true, size: Math.min(6, Math.max(3, names.length)) }, ...options(false))
  const withObserved = html('input', { type: 'checkbox', id: 'dsep-observed', checked: true })
  const result = html('p', { id: 'dsep-result', class: 'dsep-result' })
  const clear = html('button', { id: 'dsep-clear' }, 'Clear')
  const read = (): IndependenceForm => ({
    x: x.value === '' ? undefined : x.value,
    y: y.value === '' ? undefined : y.value,
    z: [...z.selectedOptions].map((o) => o.value),
    withObserved: withObserved.checked,
  })
  for (const control of [x, y, z, withObserved]) control.addEventListener('change', () => onChange(read()))
  clear.addEventListener('click', () => onChange({ x: undefined, y: undefined, z: [], withObserved: withObserved.checked }))
  panel.replaceChildren(
    html('h2', {}, 'Independence'),
    html('p', { class: 'hint' }, 'Is X independent of Y given Z in every distribution this graph allows (d-separation)?'),
    html('div', { class: 'dsep-grid' }, html('label', {}, 'X ', x), html('label', {}, 'Y ', y)),
    html('label', { class: 'block' }, 'Z (ctrl-click for several) ', z),
    html('label', { class: 'block' }, withObserved, ' observed variables are in Z'),
    result,
    clear,
  )
  return {
    show: (form, answer) => {
      x.value = form.x ?? ''
      y.value = form.y ?? ''
      for (const option of z.options) option.selected = form.z.includes(option.value)
      withObserved.checked = form.withObserved
      result.textContent = answer.text
      result.dataset['separated'] = answer.separated === undefined ? '' : String(answer.separated)
    },
  }
}
