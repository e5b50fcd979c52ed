import { describe, expect, it } from 'vitest'

import { closestNames, editDistance } from './closest-names'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['score.knn', 'score.kn', 1],
  ] as const)('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })
})

describe('closestNames', () => {
  const types = ['score.knn', 'score.ldknn', 'dataset.folder', 'dataset.subset', 'report.html']
  it('suggests near misspellings and same-prefix names, nearest first', () => {
    expect(closestNames('score.kn', types)).toEqual(['score.knn', 'score.ldknn'])
    expect(closestNames('dataset.foldr', types, 1)).toEqual(['dataset.folder'])
  })

  it('suggests nothing for an unrelated name', () => {
    expect(closestNames('xyz', types)).toEqual([])
  })
})
