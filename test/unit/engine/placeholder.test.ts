import { describe, expect, it } from 'vitest';
import { isPlaceholder } from '../../../src/engine/placeholder.js';

describe('isPlaceholder', () => {
  it.each([
    ['xxxxxxxxxxxxxxxx'], ['AKIAIOSFODNN7EXAMPLE'], ['your-api-key-here'], ['YOUR_TOKEN_HERE'], ['<api-key>'],
    ['${API_TOKEN}'], ['{{ secrets.TOKEN }}'], ['process.env.API_KEY'], ['os.environ["TOKEN"]'], [''], ['None'],
    ['null'], ['********'], ['$API_KEY'], ['%API_KEY%'], ['aaaaaaaaaaaa'], ['sk_test_0123456789abcdef'],
    ['import.meta.env.VITE_KEY'], ['<%= token %>'],
  ])('treats %s as a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
  it.each([['Q8r2Zk4mW9pL1xV7cN3bH6jD'], ['hunter2-Rb7!kq'], ['q7Bn2Xc9Lr4Tw8Kd']])('keeps %s', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});
