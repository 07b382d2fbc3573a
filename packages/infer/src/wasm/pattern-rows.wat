;; The dense part of a block of chain logits (../score-chain.ts) over one
;; linear memory. Pointers are byte offsets. For image j < count and group
;; k < groups, m = masks[j * groups + k] (a byte: which of positions 4k .. 4k+3
;; are on); when m > 0, row (k * 16 + m) of `patterns` (n doubles each) is
;; added to logits[j * n + p] for p = 4k + 1 .. n - 1, two positions at a time
;; (f64x2), so each logit gets the same additions in the same order as the
;; scalar loop.
(module
  (import "env" "memory" (memory 1))

  (func (export "addPatternRows") (param $logits i32) (param $patterns i32) (param $masks i32)
                                  (param $count i32) (param $groups i32) (param $n i32)
    (local $j i32) (local $k i32) (local $m i32) (local $image i32) (local $at i32) (local $end i32) (local $from i32)
    (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (block $imagesDone
      (loop $images
        (br_if $imagesDone (i32.ge_u (local.get $j) (local.get $count)))
        (local.set $image (i32.add (local.get $logits) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $image) (local.get $rowBytes)))
        (local.set $k (i32.const 0))
        (block $groupsDone
          (loop $group
            (br_if $groupsDone (i32.ge_u (local.get $k) (local.get $groups)))
            (local.set $m (i32.load8_u (i32.add (local.get $masks) (i32.add (i32.mul (local.get $j) (local.get $groups)) (local.get $k)))))
            (if (local.get $m)
              (then
                ;; positions 4k + 1 .. n - 1 of the image and of the row
                (local.set $at (i32.add (local.get $image) (i32.shl (i32.add (i32.shl (local.get $k) (i32.const 2)) (i32.const 1)) (i32.const 3))))
                (local.set $from
                  (i32.add (local.get $patterns)
                    (i32.add (i32.mul (i32.add (i32.shl (local.get $k) (i32.const 4)) (local.get $m)) (local.get $rowBytes))
                             (i32.shl (i32.add (i32.shl (local.get $k) (i32.const 2)) (i32.const 1)) (i32.const 3)))))
                (block $pairsDone
                  (loop $pairs
                    (br_if $pairsDone (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $end)))
                    (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (v128.load (local.get $from))))
                    (local.set $at (i32.add (local.get $at) (i32.const 16)))
                    (local.set $from (i32.add (local.get $from) (i32.const 16)))
                    (br $pairs)))
                (if (i32.lt_u (local.get $at) (local.get $end))
                  (then (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.load (local.get $from))))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $group)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $images))))
)
