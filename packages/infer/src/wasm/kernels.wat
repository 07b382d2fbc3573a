;; The strided kernels of ../kernels.ts over tables in one linear memory (see
;; ../arena.ts). Every pointer is a byte offset; a walk is `d` pairs of i32
;; (cards at `cards`, strides at `strides`), as in ../kernels.ts, with d >= 1;
;; the odometer's counters live at `counter` (d i32). Each kernel walks the
;; `n` entries of `values` in order, keeping the index into the second table.
(module
  (import "env" "memory" (memory 1))

  ;; Step the odometer of dimensions 0 .. last-1 and return the new index j.
  (func $advance (param $counter i32) (param $cards i32) (param $strides i32) (param $last i32) (param $j i32) (result i32)
    (local $at i32) (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $last)))
        (local.set $last (i32.sub (local.get $last) (i32.const 1)))
        (local.set $at (i32.shl (local.get $last) (i32.const 2)))
        (local.set $c (i32.add (i32.load (i32.add (local.get $counter) (local.get $at))) (i32.const 1)))
        (if (i32.lt_s (local.get $c) (i32.load (i32.add (local.get $cards) (local.get $at))))
          (then
            (i32.store (i32.add (local.get $counter) (local.get $at)) (local.get $c))
            (return (i32.add (local.get $j) (i32.load (i32.add (local.get $strides) (local.get $at)))))))
        (i32.store (i32.add (local.get $counter) (local.get $at)) (i32.const 0))
        (local.set $j
          (i32.sub (local.get $j)
            (i32.mul (i32.load (i32.add (local.get $strides) (local.get $at)))
                     (i32.sub (i32.load (i32.add (local.get $cards) (local.get $at))) (i32.const 1)))))
        (br $next)))
    (local.get $j))

  ;; out[index(a)] += values[a] for every entry a, after zeroing `outLength` entries of out.
  (func (export "projectSum") (param $values i32) (param $n i32) (param $cards i32) (param $strides i32) (param $d i32)
                              (param $out i32) (param $outLength i32) (param $counter i32)
    (local $last i32) (local $inner i32) (local $step i32) (local $i i32) (local $end i32) (local $runEnd i32)
    (local $j i32) (local $at i32) (local $even f64) (local $odd f64) (local $c1 i32) (local $card1 i32) (local $stride1 i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $outLength) (i32.const 3)))
    (memory.fill (local.get $counter) (i32.const 0) (i32.shl (local.get $d) (i32.const 2)))
    (local.set $last (i32.sub (local.get $d) (i32.const 1)))
    (if (local.get $last)
      (then
        (local.set $card1 (i32.load (i32.add (local.get $cards) (i32.shl (i32.sub (local.get $last) (i32.const 1)) (i32.const 2)))))
        (local.set $stride1 (i32.load (i32.add (local.get $strides) (i32.shl (i32.sub (local.get $last) (i32.const 1)) (i32.const 2)))))))
    (local.set $inner (i32.shl (i32.load (i32.add (local.get $cards) (i32.shl (local.get $last) (i32.const 2)))) (i32.const 3)))
    (local.set $step (i32.shl (i32.load (i32.add (local.get $strides) (i32.shl (local.get $last) (i32.const 2)))) (i32.const 3)))
    (local.set $i (local.get $values))
    (local.set $end (i32.add (local.get $values) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $run
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $runEnd (i32.add (local.get $i) (local.get $inner)))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
        (if (i32.eqz (local.get $step))
          (then
            ;; Two running sums, as in kernels.ts: the same additions in the same order.
            (local.set $even (f64.const 0))
            (local.set $odd (f64.const 0))
            (block $pairsDone
              (loop $pair
                (br_if $pairsDone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (i32.sub (local.get $runEnd) (i32.const 8))))
                (local.set $even (f64.add (local.get $even) (f64.load (local.get $i))))
                (local.set $odd (f64.add (local.get $odd) (f64.load offset=8 (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $pair)))
            (if (i32.lt_u (local.get $i) (local.get $runEnd))
              (then
                (local.set $even (f64.add (local.get $even) (f64.load (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.add (local.get $even) (local.get $odd)))))
          (else
            (block $scatterDone
              (loop $scatter
                (br_if $scatterDone (i32.ge_u (local.get $i) (local.get $runEnd)))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.load (local.get $i))))
                (local.set $at (i32.add (local.get $at) (local.get $step)))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $scatter)))))
        ;; The next-to-last dimension steps in registers; the odometer is called when it wraps.
        (if (local.get $last)
          (then
            (local.set $c1 (i32.add (local.get $c1) (i32.const 1)))
            (if (i32.lt_s (local.get $c1) (local.get $card1))
              (then (local.set $j (i32.add (local.get $j) (local.get $stride1))))
              (else
                (local.set $c1 (i32.const 0))
                (local.set $j (i32.sub (local.get $j) (i32.mul (local.get $stride1) (i32.sub (local.get $card1) (i32.const 1)))))
                (local.set $j (call $advance (local.get $counter) (local.get $cards) (local.get $strides) (i32.sub (local.get $last) (i32.const 1)) (local.get $j)))))))
        (br $run))))

  ;; out[a] = values[a] * factor[index(a)] for every entry a (out may be values).
  (func (export "multiplyBy") (param $values i32) (param $n i32) (param $cards i32) (param $strides i32) (param $d i32)
                              (param $factor i32) (param $out i32) (param $counter i32)
    (local $last i32) (local $inner i32) (local $step i32) (local $i i32) (local $end i32) (local $runEnd i32)
    (local $j i32) (local $at i32) (local $o i32) (local $f f64) (local $c1 i32) (local $card1 i32) (local $stride1 i32)
    (memory.fill (local.get $counter) (i32.const 0) (i32.shl (local.get $d) (i32.const 2)))
    (local.set $last (i32.sub (local.get $d) (i32.const 1)))
    (if (local.get $last)
      (then
        (local.set $card1 (i32.load (i32.add (local.get $cards) (i32.shl (i32.sub (local.get $last) (i32.const 1)) (i32.const 2)))))
        (local.set $stride1 (i32.load (i32.add (local.get $strides) (i32.shl (i32.sub (local.get $last) (i32.const 1)) (i32.const 2)))))))
    (local.set $inner (i32.shl (i32.load (i32.add (local.get $cards) (i32.shl (local.get $last) (i32.const 2)))) (i32.const 3)))
    (local.set $step (i32.shl (i32.load (i32.add (local.get $strides) (i32.shl (local.get $last) (i32.const 2)))) (i32.const 3)))
    (local.set $i (local.get $values))
    (local.set $o (local.get $out))
    (local.set $end (i32.add (local.get $values) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $run
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $runEnd (i32.add (local.get $i) (local.get $inner)))
        (local.set $at (i32.add (local.get $factor) (i32.shl (local.get $j) (i32.const 3))))
        (if (i32.eqz (local.get $step))
          (then
            (local.set $f (f64.load (local.get $at)))
            (block $blockDone
              (loop $block
                (br_if $blockDone (i32.ge_u (local.get $i) (local.get $runEnd)))
                (f64.store (local.get $o) (f64.mul (f64.load (local.get $i)) (local.get $f)))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (local.set $o (i32.add (local.get $o) (i32.const 8)))
                (br $block))))
          (else
            (block $gatherDone
              (loop $gather
                (br_if $gatherDone (i32.ge_u (local.get $i) (local.get $runEnd)))
                (f64.store (local.get $o) (f64.mul (f64.load (local.get $i)) (f64.load (local.get $at))))
                (local.set $at (i32.add (local.get $at) (local.get $step)))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (local.set $o (i32.add (local.get $o) (i32.const 8)))
                (br $gather)))))
        ;; The next-to-last dimension steps in registers; the odometer is called when it wraps.
        (if (local.get $last)
          (then
            (local.set $c1 (i32.add (local.get $c1) (i32.const 1)))
            (if (i32.lt_s (local.get $c1) (local.get $card1))
              (then (local.set $j (i32.add (local.get $j) (local.get $stride1))))
              (else
                (local.set $c1 (i32.const 0))
                (local.set $j (i32.sub (local.get $j) (i32.mul (local.get $stride1) (i32.sub (local.get $card1) (i32.const 1)))))
                (local.set $j (call $advance (local.get $counter) (local.get $cards) (local.get $strides) (i32.sub (local.get $last) (i32.const 1)) (local.get $j)))))))
        (br $run))))
)
