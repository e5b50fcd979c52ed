/**
 * A fast non-cryptographic lane checksum. NOT used to verify cache entries any more: every 32-bit word
 * passes through xor-then-multiply-by-odd, and the top bit of a product depends only on the top bits
 * of its factors, so two sign-bit flips in one lane cancel out. Negating pixel maps in a cached tensors
 * file (many such pairs) went unnoticed and was served with AUROC 0.06 (issue 14). Entries are checked
 * with sha256 now (disk-cache readChecked; cost in tests/bench/cache-verify.ts). Kept for callers that
 * only need a cheap fingerprint of bytes they produced themselves.
 */
export function fastChecksum(bytes: Uint8Array): string {
  // Uint32Array views need 4-byte alignment; small pooled Buffers may not have it (a cheap copy)
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes)
  const wordCount = aligned.byteLength >>> 2
  const lanes = new Int32Array([0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f])
  mixWords(new Uint32Array(aligned.buffer, aligned.byteOffset, wordCount), lanes)
  let tail = lanes[0] as number
  for (let i = wordCount * 4; i < aligned.byteLength; i++) tail = Math.imul(tail ^ (aligned[i] as number), 0x01000193)
  lanes[0] = Math.imul(tail ^ aligned.byteLength, 0x9e3779b1)
  return Array.from(lanes, (lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('')
}

/**
 * The hot loop, kept in its own small function that only ever sees a Uint32Array and an Int32Array so
 * that V8 optimises it once and keeps it optimised (a mixed-type caller was measured 20x slower).
 */
function mixWords(words: Uint32Array, lanes: Int32Array): void {
  let a = lanes[0] as number
  let b = lanes[1] as number
  let c = lanes[2] as number
  let d = lanes[3] as number
  const blockEnd = words.length & ~3
  for (let i = 0; i < blockEnd; i += 4) {
    a = Math.imul(a ^ (words[i] as number), 0x9e3779b1)
    b = Math.imul(b ^ (words[i + 1] as number), 0x85ebca77)
    c = Math.imul(c ^ (words[i + 2] as number), 0xc2b2ae3d)
    d = Math.imul(d ^ (words[i + 3] as number), 0x27d4eb2f)
  }
  for (let i = blockEnd; i < words.length; i++) d = Math.imul(d ^ (words[i] as number), 0x27d4eb2f)
  lanes[0] = a
  lanes[1] = b
  lanes[2] = c
  lanes[3] = d
}
