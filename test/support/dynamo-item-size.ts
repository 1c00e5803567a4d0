import { marshall } from '@aws-sdk/util-dynamodb';

/**
 * The size DynamoDB bills an item by, from its documented rules
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * attribute names and strings in UTF-8 bytes, a number 1 byte per two significant digits plus 1,
 * booleans and nulls 1 byte, lists and maps 3 bytes plus 1 per element. The item is marshalled as
 * the document client stores it (undefined values left out). Used where the bench and the tests
 * estimate request units without a table; `dynamo-item-size.test.ts` holds it to dynalite's
 * ConsumedCapacity.
 */
export function dynamoItemSize(item: object): number {
  const attributes = marshall(item, {
    removeUndefinedValues: true,
    convertClassInstanceToMap: true,
  });
  return mapSize(attributes);
}

/** Write request units of a put or update: 1 per KB of the larger of the old and new item. */
export function writeUnitsOf(before: object | undefined, after: object): number {
  const larger = Math.max(before ? dynamoItemSize(before) : 0, dynamoItemSize(after));
  return Math.max(1, Math.ceil(larger / 1024));
}

type Attribute = Record<string, unknown>;

function mapSize(attributes: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + valueSize(value as Attribute);
  }
  return size;
}

function valueSize(attribute: Attribute): number {
  const [type, value] = Object.entries(attribute)[0] as [string, unknown];
  switch (type) {
    case 'S':
      return Buffer.byteLength(value as string, 'utf8');
    case 'N':
      return numberSize(value as string);
    case 'B':
      return (value as Uint8Array).byteLength;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (value as string[]).reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
    case 'NS':
      return (value as string[]).reduce((sum, n) => sum + numberSize(n), 0);
    case 'L':
      return 3 + (value as Attribute[]).reduce((sum, v) => sum + 1 + valueSize(v), 0);
    case 'M': {
      const map = value as Record<string, unknown>;
      return 3 + Object.keys(map).length + mapSize(map);
    }
    default:
      throw new Error(`no size rule for DynamoDB type ${type}`);
  }
}

/**
 * DynamoDB stores a number's significant digits in pairs aligned on the decimal point (base 100),
 * plus one byte: 1 byte per two significant digits plus 1, and one more when the pairing leaves
 * a digit alone at each end (the rule dynalite applies too).
 */
function numberSize(text: string): number {
  const negative = text.startsWith('-');
  const [mantissa = '', exponentText] = text.replace(/^[-+]/, '').toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`;
  const leading = digits.length - digits.replace(/^0+/, '').length;
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length === 0) return 1;
  // Exponent of the first significant digit, as big.js (and so dynalite) counts it.
  const exponent = whole.length - 1 - leading + Number(exponentText ?? 0);
  const evenTail = significant.length % 2 === 0 && exponent % 2 === 0 ? 1 : 0;
  return 1 + Math.ceil(significant.length / 2) + evenTail + (negative ? 1 : 0);
}
