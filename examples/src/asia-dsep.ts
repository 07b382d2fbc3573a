/**
 * The "Asia" chest-clinic network (Lauritzen & Spiegelhalter 1988), structure only:
 * which independencies does it assert? For each question, the answer and, when the
 * variables are d-connected, a witness active trail.
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/asia-dsep.js
 */
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import {
  activeTrail,
  describeError,
  describeIndependence,
  dSeparated,
  fromParents,
  immoralities,
  markovBlanket,
  type GraphError,
} from '@chainrule/graph'

const orDie = <A>(e: E.Either<GraphError, A>): A => {
  if (E.isLeft(e)) {
    console.error(describeError(e.left))
    process.exit(1)
  }
  return e.right
}

// visit to Asia -> tuberculosis; smoking -> lung cancer, bronchitis;
// tub or lung -> either -> x-ray, and either + bronchitis -> dyspnoea
const asia = orDie(
  fromParents({
    asia: [],
    tub: ['asia'],
    smoke: [],
    lung: ['smoke'],
    bronc: ['smoke'],
    either: ['tub', 'lung'],
    xray: ['either'],
    dysp: ['bronc', 'either'],
  }),
)

const questions: [string, string, string[]][] = [
  ['tub', 'smoke', []],
  ['tub', 'smoke', ['dysp']],
  ['tub', 'smoke', ['xray']],
  ['asia', 'smoke', ['either']],
  ['xray', 'dysp', []],
  ['xray', 'dysp', ['either']],
  ['asia', 'xray', ['tub']],
  ['bronc', 'lung', []],
  ['bronc', 'lung', ['smoke']],
  ['bronc', 'lung', ['smoke', 'dysp']],
  ['asia', 'dysp', ['smoke', 'xray']],
]

const rows = questions.map(([x, y, z]) => {
  const separated = orDie(dSeparated(asia, [x], [y], z))
  const trail = orDie(activeTrail(asia, x, y, z))
  return [
    describeIndependence({ x: [x], y: [y], given: z }),
    separated ? 'yes' : 'no',
    O.isSome(trail) ? trail.value.join(' - ') : '(blocked)',
  ]
})
const header = ['statement', 'holds', 'witness active trail']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
console.log('# Asia: d-separation questions\n')
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'))

console.log('\n# Markov blankets\n')
for (const v of asia.nodes) console.log(`${v.padEnd(7)} ${orDie(markovBlanket(asia, v)).join(', ')}`)

console.log('\n# Immoralities (v-structures)\n')
for (const m of immoralities(asia)) console.log(`${m.parents[0]} -> ${m.child} <- ${m.parents[1]}`)
