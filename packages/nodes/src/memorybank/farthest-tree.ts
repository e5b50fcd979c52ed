/**
 * A tournament tree over the anchors for the greedy coreset's argmax: every leaf is an anchor's
 * farthest point and running minimum, every inner node the better of its two children (larger
 * minimum, lower point index on ties, as torch.argmax). Updating one anchor costs log2(anchors)
 * steps and the winner is read at the root, instead of scanning every anchor on every pick.
 */
export class FarthestTree {
  private readonly leaves: number
  /** Anchor index held by each node (-1 for none); leaves start at `leaves`. */
  private readonly winner: Int32Array

  constructor(
    capacity: number,
    private readonly farthest: Int32Array,
    private readonly radius: Float64Array,
  ) {
    let leaves = 1
    while (leaves < capacity) leaves *= 2
    this.leaves = leaves
    this.winner = new Int32Array(2 * leaves).fill(-1)
  }

  /** The better of two anchors (either may be -1 or have no farthest point). */
  private better(a: number, b: number): number {
    const fa = a < 0 ? -1 : (this.farthest[a] as number)
    const fb = b < 0 ? -1 : (this.farthest[b] as number)
    if (fa < 0) return fb < 0 ? -1 : b
    if (fb < 0) return a
    const ra = this.radius[a] as number
    const rb = this.radius[b] as number
    return ra > rb || (ra === rb && fa < fb) ? a : b
  }

  /** Re-plays the matches on the path of anchor `a` after its farthest point or radius changed. */
  update(a: number): void {
    let node = this.leaves + a
    this.winner[node] = a
    while (node > 1) {
      node >>= 1
      this.winner[node] = this.better(this.winner[2 * node] as number, this.winner[2 * node + 1] as number)
    }
  }

  /** The point with the largest running minimum over all anchors, or -1 when none is left. */
  best(): number {
    const a = this.winner[1] as number
    return a < 0 ? -1 : (this.farthest[a] as number)
  }
}
