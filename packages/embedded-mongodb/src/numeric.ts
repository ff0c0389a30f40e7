// Arithmetic on stored numbers that keeps MongoDB's result types ($inc, $mul).
import { Decimal128, Double, Long } from 'bson';
import { bsonTag, storeDouble, toNumber } from './bson';

type Kind = 'int' | 'long' | 'double' | 'decimal';
const RANK: Record<Kind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

function kindOf(value: unknown): Kind | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? 'int' : 'double';
  }
  switch (bsonTag(value)) {
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Double':
      return 'double';
    case 'Decimal128':
      return 'decimal';
    default:
      return undefined;
  }
}

function toBigInt(value: unknown): bigint {
  if (value instanceof Long) return value.toBigInt();
  return BigInt(Math.trunc(toNumber(value) ?? 0));
}

function combine(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  const ka = kindOf(a) ?? 'int';
  const kb = kindOf(b) ?? 'int';
  const kind: Kind = RANK[ka] >= RANK[kb] ? ka : kb;
  const x = toNumber(a) ?? 0;
  const y = toNumber(b) ?? 0;
  switch (kind) {
    case 'decimal':
      return Decimal128.fromString(String(op === 'add' ? x + y : x * y));
    case 'double':
      return storeDouble(op === 'add' ? x + y : x * y);
    case 'long': {
      const result = op === 'add' ? toBigInt(a) + toBigInt(b) : toBigInt(a) * toBigInt(b);
      return Long.fromBigInt(BigInt.asIntN(64, result));
    }
    case 'int': {
      const result = op === 'add' ? x + y : x * y;
      if (result >= -2147483648 && result <= 2147483647) return result;
      // int32 overflow widens to int64, as on the server.
      return Long.fromBigInt(BigInt.asIntN(64, op === 'add' ? BigInt(x) + BigInt(y) : BigInt(x) * BigInt(y)));
    }
  }
}

export function add(a: unknown, b: unknown): unknown {
  return combine(a, b, 'add');
}

export function multiply(a: unknown, b: unknown): unknown {
  return combine(a, b, 'mul');
}

/** Zero of the operand's type, for $mul on a missing field. */
export function zeroLike(value: unknown): unknown {
  switch (kindOf(value)) {
    case 'long':
      return Long.fromNumber(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}
