/**
 * The `chainrule` command line. Every failure prints exactly one line on
 * stderr and exits with status 2; stdout then holds nothing partial.
 */
import * as E from 'fp-ts/lib/Either.js'
import { convert } from './commands/convert.js'
import { decide } from './commands/decide.js'
import { dsep } from './commands/dsep.js'
import { filter } from './commands/filter.js'
import { identify } from './commands/identify.js'
import { info } from './commands/info.js'
import { learn } from './commands/learn.js'
import { mpe } from './commands/mpe.js'
import { query } from './commands/query.js'
import { sample } from './commands/sample.js'
import { score } from './commands/score.js'
import { dataUsage } from './data-step.js'
import { describeError, type CliError } from './errors.js'
import type { Output } from './load.js'

/** Usage text printed by `chainrule --help`. */
export const usage = `chainrule: exact inference on discrete Bayesian and Markov networks

usage:
  chainrule query NET [--evidence A=s,B=t] [--evidence-file F.evid] [--soft A=0.7:0.3] [--do X=x,Y=y] [--target X,Y]
                      [--json] [--method auto|tree|elimination|lbp]
  chainrule query NET --stdin       one JSON question per line on stdin, one JSON answer per line on stdout
  chainrule mpe NET [--evidence A=s,...] [--evidence-file F.evid] [--map X,Y,...] [--json]
  chainrule mpe NET --stdin [--map X,Y,...]
  chainrule info NET [--json]
  chainrule sample NET -n N --seed S [--evidence A=s,...] [--out file.csv]
  chainrule dsep NET X Y [--given Z,...] [--json]
  chainrule identify NET --treatment X[,X2] --outcome Y [--hidden U,V] [--json]
  chainrule convert IN OUT
  chainrule filter NET DATA.csv [--smooth] [--viterbi] [--json]
  chainrule decide NET [--evidence A=s,...] [--json]
  chainrule learn DATA [--algorithm hc|tabu|pc|hybrid|chow-liu] [--score bic|aic|bdeu|k2|loglik] [--ess N]
                 [--max-parents K] [--forbid A>B,...] [--require A>B,...] [--tiers A,B/C,D] [--restarts N --seed S]
                 [--alpha P] [--root X] [--out NET.bif] [--json]

  chainrule score NET DATA [--out scores.csv|scores.parquet|table:NAME [--key COL,...]] [--threshold X] [--json]

NET is a .bif, .xmlbif/.xml, .uai, .net, .json, .xdsl (GeNIe) or .dne (Netica) file, optionally gzipped (.gz).
A UAI MARKOV file is a Markov network: query reports log Z(evidence) where a Bayesian network has
log P(evidence) (the same number when Z = 1), beside its log10 (the UAI PR value). --evidence-file reads a UAI
.evid file (variable and state indices from 0, in file order); query then reports every variable, the observed
ones as point masses (the UAI MAR task). mpe --map X,Y gives the exact marginal MAP of X, Y, ... (the other
variables summed out). query --method lbp answers by loopy belief propagation, an APPROXIMATION, only when
asked: its output says so, whether it converged, and its error against the exact answer where the junction tree
fits; --damping D (0..1), --schedule parallel|sequential|residual, --max-iterations N, --tolerance T.
convert writes .bif, .json, .xdsl or .uai (BAYES), chosen by OUT's extension.
filter: NET is a 2TBN in pyAgrum's naming (X0 for slice 0, Xt for slice t, whose parents X0 are the previous
slice); DATA has one row per slice, columns by base name (X), empty cells unobserved. Prints the filtered (or
--smooth: smoothed) posterior of every unobserved variable of every slice and log P(observations); --viterbi
adds the most probable sequence.
decide: NET is a Hugin .net or GeNIe .xdsl influence diagram (decision and utility nodes; a decision's parents
are its information arcs). Prints the maximum expected utility and each decision's policy.
learn reads DATA (any form below; in CSV, a header of variable names, one state name per cell, empty, ? and NA
cells missing), learns the structure, then the tables (BDeu, equivalent sample size --ess, default 1), and writes NET.bif or .json.
Rows with a missing cell are left out (complete-case). --json prints {"arcs", "score", "seconds", ...}, with
"undirected" edges for pc (a CPDAG).
${dataUsage} Empty cells are unobserved and summed out exactly.
score prints the rows' total log-likelihood (natural log); --out writes each row's, with an anomaly flag below
--threshold (files: row = position in DATA's order; table:NAME: a table beside DATA's, keyed by --key columns).
DuckDB takes --threads N and --memory-limit SIZE.
query --do X=x answers in the intervened model (X cut from its parents and fixed at x): log P(evidence) is then
log P(evidence | do(X=x)). identify says whether P(Y | do(X)) can be computed from observations of the variables
not listed in --hidden: the estimand (ID algorithm) or the hedge, and the minimal backdoor, front-door and
adjustment sets.
Every command takes --quiet (-q) to silence notes and progress on stderr.
query, mpe and sample take --max-memory SIZE (e.g. 512M, 4G; default 2G) for the junction tree. A query whose
whole tree does not fit is answered from trees over the parts of the network relevant to it (--method auto).
Errors print one line on stderr and exit with status 2.
With --stdin, a question is {"evidence": {"A": "s"}, "soft": {"A": [0.7, 0.3]}, "do": {"X": "x"}, "targets": ["Y"]}
(every field optional); each answer line is what --json prints for that question, in order, and a bad line is
answered by {"error": "..."} while the stream goes on. The network is compiled once for the whole stream; past
2,000 questions, worker threads (--threads N, default one per other core) answer beside the main thread.
`

/** A command: synchronous, or asynchronous where it reads a data source or a stream. */
type Command = (args: readonly string[], output: Output) => E.Either<CliError, void> | Promise<E.Either<CliError, void>>

const commands: Readonly<Record<string, Command>> = {
  query,
  mpe,
  info,
  sample,
  dsep,
  identify,
  convert,
  filter,
  decide,
  learn,
  score,
}

/**
 * Run the CLI with arguments (without `node` and the script) and return the exit status.
 *
 * @example
 * ```ts
 * import { main } from '@chainrule/cli'
 * import { writeBif } from '@chainrule/io'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'chainrule-')), 'rain.bif')
 * writeFileSync(file, writeBif({ variables: [{ name: 'rain', states: ['yes', 'no'], parents: [], table: [0.2, 0.8] }] }))
 * let printed = ''
 * let errors = ''
 * const output = { stdout: { write: (text: string | Uint8Array) => (printed += String(text)) }, stderr: { write: (text: string) => (errors += text) } }
 * await main(['info', file], output) // => 0
 * printed.includes('rain') // => true
 * // A bad call: one line on stderr, status 2, nothing on stdout.
 * printed = ''
 * await main(['info', join(tmpdir(), 'no-such-file.bif')], output) // => 2
 * const after = [printed, errors.startsWith('chainrule info: ')] // => ['', true]
 * ```
 */
export const main = async (argv: readonly string[], output: Output): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.stdout.write(usage)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    output.stderr.write(`chainrule: unknown command "${name}" (commands: ${Object.keys(commands).join(', ')})\n`)
    return 2
  }
  // Commands write stdout only once their answer is complete, so a failure
  // leaves nothing partial there. Anything thrown is a broken invariant (or
  // the machine running out of memory): still one line, never a stack trace.
  let result: E.Either<CliError, void>
  try {
    result = await command(rest, output)
  } catch (e) {
    output.stderr.write(`chainrule ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  if (E.isLeft(result)) {
    output.stderr.write(`chainrule ${name}: ${describeError(result.left)}\n`)
    return 2
  }
  return 0
}
