import * as path from 'node:path';
import * as protobuf from 'protobufjs';

/** The schema as a decoder reads it: field names as in metrics.proto (keepCase). */
const root = new protobuf.Root().loadSync(path.join(__dirname, '../../lib/exposition/render/metrics.proto'), { keepCase: true });
const MetricFamilyType = root.lookupType('io.prometheus.client.MetricFamily');

/**
 * decodeFamilies reads every length-delimited MetricFamily of a protobuf
 * exposition as plain objects: snake_case field names, 64-bit integers as
 * numbers, enums by name, fields not written left out.
 */
export function decodeFamilies(bytes: Uint8Array): Array<Record<string, any>> {
  const reader = protobuf.Reader.create(bytes);
  const out: Array<Record<string, any>> = [];
  while (reader.pos < reader.len) {
    const message = MetricFamilyType.decodeDelimited(reader);
    out.push(MetricFamilyType.toObject(message, { longs: Number, enums: String, defaults: false, arrays: false }));
  }
  return out;
}

/** encodedWhole decodes every length-delimited MetricFamily and encodes each again as one message: the bytes of a writer that encodes each family whole. */
export function encodedWhole(bytes: Uint8Array): Buffer {
  const reader = protobuf.Reader.create(bytes);
  const writer = protobuf.Writer.create();
  while (reader.pos < reader.len) MetricFamilyType.encodeDelimited(MetricFamilyType.decodeDelimited(reader), writer);
  return Buffer.from(writer.finish());
}
