import { describe, expect, it } from 'vitest';
import { neutralise, unneutralise } from '../../src/core/neutralise.js';

describe('formula neutralisation', () => {
  it.each(['=1+1', '+33612345678', '-5', '@SUM(A1)', '\tx', '\rx'])(
    'prefixes %j with a quote',
    (cell) => {
      expect(neutralise(cell)).toBe(`'${cell}`);
      expect(unneutralise(neutralise(cell))).toBe(cell);
    },
  );
  it('leaves ordinary cells alone', () => {
    expect(neutralise('Alice')).toBe('Alice');
    expect(unneutralise("O'Neil")).toBeUndefined();
  });
});
