;; The hidden units of a binary chain (learn's `image-chain.ts`, `HiddenUnits`)
;; over one linear memory. Pointers are byte offsets; numbers are f64.
;;
;; H is a multiple of 8 in every call (callers pad the units with ones whose
;; weights are all zero, which add nothing).
;;
;; hiddenForward: one image of n positions (bits at $xs, one byte each) and H
;; units. max(u, 0) is f64x2.pmax(0, u): u when 0 < u, else 0, as in learn's
;; twin (scoring was faster with it than with f64x2.max, measured in bench/README.md).
;; The units start at $bias; at position p, logits[p] gains
;; sum_j output[p * H + j] max(units[j], 0), and when bit p is on, row p of
;; $input is added to the units. With $store, max(units, 0) at position p is
;; kept at active[p * H ..] for hiddenBackward. The sum runs in eight lanes
;; (four f64x2 accumulators, unit j in accumulator (j / 2) mod 4, lane j mod 2,
;; so that the additions do not wait for each other), which end as
;; ((acc0 + acc1) + (acc2 + acc3)), lane 0 + lane 1: the order of learn's
;; typed-array twin, so both give the same bits.
;;
;; hiddenBackward: after hiddenForward with $store, for the errors e_p (the
;; derivative of minus the log-likelihood by logit p), add the gradient of
;; the output rows, the input rows and the bias of the units, positions from
;; last to first: an 'on' position's input row gains what the later positions
;; passed back; then each active unit passes e_p output[p, j] back.
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func (export "hiddenForward") (param $xs i32) (param $n i32) (param $H i32) (param $bias i32) (param $input i32)
                                 (param $output i32) (param $units i32) (param $active i32) (param $logits i32) (param $store i32)
    (local $p i32) (local $j i32) (local $rowBytes i32) (local $out i32) (local $in i32) (local $act i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $at i32)
    (local.set $rowBytes (i32.shl (local.get $H) (i32.const 3)))
        (memory.copy (local.get $units) (local.get $bias) (local.get $rowBytes))
    (block $positionsDone
      (loop $positions
        (br_if $positionsDone (i32.ge_u (local.get $p) (local.get $n)))
        (local.set $out (i32.add (local.get $output) (i32.mul (local.get $p) (local.get $rowBytes))))
        (local.set $act (i32.add (local.get $active) (i32.mul (local.get $p) (local.get $rowBytes))))
        (local.set $acc0 (v128.const f64x2 0 0))
        (local.set $acc1 (v128.const f64x2 0 0))
        (local.set $acc2 (v128.const f64x2 0 0))
        (local.set $acc3 (v128.const f64x2 0 0))
        (local.set $j (i32.const 0))
        (block $eightsDone
          (loop $eights
            (br_if $eightsDone (i32.ge_u (local.get $j) (local.get $H)))
            (local.set $at (i32.shl (local.get $j) (i32.const 3)))
            (local.set $r0 (f64x2.pmax (v128.const f64x2 0 0) (v128.load (i32.add (local.get $units) (local.get $at)))))
            (local.set $r1 (f64x2.pmax (v128.const f64x2 0 0) (v128.load offset=16 (i32.add (local.get $units) (local.get $at)))))
            (local.set $r2 (f64x2.pmax (v128.const f64x2 0 0) (v128.load offset=32 (i32.add (local.get $units) (local.get $at)))))
            (local.set $r3 (f64x2.pmax (v128.const f64x2 0 0) (v128.load offset=48 (i32.add (local.get $units) (local.get $at)))))
            (if (local.get $store)
              (then
                (v128.store (i32.add (local.get $act) (local.get $at)) (local.get $r0))
                (v128.store offset=16 (i32.add (local.get $act) (local.get $at)) (local.get $r1))
                (v128.store offset=32 (i32.add (local.get $act) (local.get $at)) (local.get $r2))
                (v128.store offset=48 (i32.add (local.get $act) (local.get $at)) (local.get $r3))))
            (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $r0) (v128.load (i32.add (local.get $out) (local.get $at))))))
            (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $r1) (v128.load offset=16 (i32.add (local.get $out) (local.get $at))))))
            (local.set $acc2 (f64x2.add (local.get $acc2) (f64x2.mul (local.get $r2) (v128.load offset=32 (i32.add (local.get $out) (local.get $at))))))
            (local.set $acc3 (f64x2.add (local.get $acc3) (f64x2.mul (local.get $r3) (v128.load offset=48 (i32.add (local.get $out) (local.get $at))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $eights)))
        (local.set $acc0 (f64x2.add (f64x2.add (local.get $acc0) (local.get $acc1)) (f64x2.add (local.get $acc2) (local.get $acc3))))
        (local.set $at (i32.add (local.get $logits) (i32.shl (local.get $p) (i32.const 3))))
        (f64.store (local.get $at)
          (f64.add (f64.load (local.get $at)) (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0)))))
        (if (i32.load8_u (i32.add (local.get $xs) (local.get $p)))
          (then
            (local.set $in (i32.add (local.get $input) (i32.mul (local.get $p) (local.get $rowBytes))))
            (local.set $j (i32.const 0))
            (block $addDone
              (loop $add
                (br_if $addDone (i32.ge_u (local.get $j) (local.get $H)))
                (local.set $at (i32.shl (local.get $j) (i32.const 3)))
                (v128.store (i32.add (local.get $units) (local.get $at))
                  (f64x2.add (v128.load (i32.add (local.get $units) (local.get $at))) (v128.load (i32.add (local.get $in) (local.get $at)))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $add)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $positions))))

  (func (export "hiddenBackward") (param $xs i32) (param $errors i32) (param $n i32) (param $H i32) (param $output i32)
                                  (param $active i32) (param $back i32) (param $gradInput i32) (param $gradOutput i32) (param $gradBias i32)
    (local $p i32) (local $j i32) (local $rowBytes i32) (local $at i32) (local $row i32) (local $e v128) (local $h v128)
    (local.set $rowBytes (i32.shl (local.get $H) (i32.const 3)))
    (memory.fill (local.get $back) (i32.const 0) (local.get $rowBytes))
    (local.set $p (local.get $n))
    (block $positionsDone
      (loop $positions
        (br_if $positionsDone (i32.eqz (local.get $p)))
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (local.set $row (i32.mul (local.get $p) (local.get $rowBytes)))
        (if (i32.load8_u (i32.add (local.get $xs) (local.get $p)))
          (then
            (local.set $j (i32.const 0))
            (block $inDone
              (loop $in
                (br_if $inDone (i32.ge_u (local.get $j) (local.get $H)))
                (local.set $at (i32.shl (local.get $j) (i32.const 3)))
                (v128.store (i32.add (i32.add (local.get $gradInput) (local.get $row)) (local.get $at))
                  (f64x2.add (v128.load (i32.add (i32.add (local.get $gradInput) (local.get $row)) (local.get $at)))
                             (v128.load (i32.add (local.get $back) (local.get $at)))))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $in)))))
        (local.set $e (f64x2.splat (f64.load (i32.add (local.get $errors) (i32.shl (local.get $p) (i32.const 3))))))
        (local.set $j (i32.const 0))
        (block $unitsDone
          (loop $unitLoop
            (br_if $unitsDone (i32.ge_u (local.get $j) (local.get $H)))
            (local.set $at (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $h (v128.load (i32.add (local.get $active) (local.get $at))))
            (v128.store (i32.add (local.get $gradOutput) (local.get $at))
              (f64x2.add (v128.load (i32.add (local.get $gradOutput) (local.get $at))) (f64x2.mul (local.get $e) (local.get $h))))
            (v128.store (i32.add (local.get $back) (i32.shl (local.get $j) (i32.const 3)))
              (f64x2.add (v128.load (i32.add (local.get $back) (i32.shl (local.get $j) (i32.const 3))))
                (v128.and (f64x2.gt (local.get $h) (v128.const f64x2 0 0))
                          (f64x2.mul (local.get $e) (v128.load (i32.add (local.get $output) (local.get $at)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $unitLoop)))
        (br $positions)))
    (local.set $j (i32.const 0))
    (block $biasDone
      (loop $biasLoop
        (br_if $biasDone (i32.ge_u (local.get $j) (local.get $H)))
        (local.set $at (i32.shl (local.get $j) (i32.const 3)))
        (v128.store (i32.add (local.get $gradBias) (local.get $at))
          (f64x2.add (v128.load (i32.add (local.get $gradBias) (local.get $at))) (v128.load (i32.add (local.get $back) (local.get $at)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $biasLoop))))
)
