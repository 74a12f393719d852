// @ts-nocheck
import { expect } from 'chai';
import type { MetricFamily } from '../../lib/exposition/families';
import { renderText } from '../../lib/exposition/render/text';
import { mergeNamespaces, withLabel } from '../../lib/server/mergeNamespaces';

describe('server/mergeNamespaces', () => {
  describe('mergeNamespaces', () => {
    it('should label every series with its namespace and merge families of one name', () => {
      const shop: MetricFamily[] = [
        { name: 'orders_total', help: 'Orders', type: 'counter', series: [{ labels: [['method', 'card']], value: 3 }] },
        { name: 'lat_seconds', help: 'Latency', type: 'histogram', series: [{ labels: [], buckets: [[1, 1], [Infinity, 2]], sum: 3, count: 2 }] },
      ];
      const billing: MetricFamily[] = [{ name: 'orders_total', help: '', type: 'counter', series: [{ labels: [], value: 5 }] }];
      const { families, conflicts } = mergeNamespaces([
        { namespace: 'shop', families: shop },
        { namespace: 'billing', families: billing },
      ]);
      expect(conflicts).to.deep.equal([]);
      expect(renderText(families)).to.equal(
        [
          '# HELP lat_seconds Latency',
          '# TYPE lat_seconds histogram',
          'lat_seconds_bucket{namespace="shop",le="1"} 1',
          'lat_seconds_bucket{namespace="shop",le="+Inf"} 2',
          'lat_seconds_sum{namespace="shop"} 3',
          'lat_seconds_count{namespace="shop"} 2',
          '# HELP orders_total Orders',
          '# TYPE orders_total counter',
          'orders_total{method="card",namespace="shop"} 3',
          'orders_total{namespace="billing"} 5',
          '',
        ].join('\n'),
      );
    });

    it('should keep the family of the first namespace when types differ, and report the other', () => {
      const { families, conflicts } = mergeNamespaces([
        { namespace: 'a', families: [{ name: 'x', help: 'gauge x', type: 'gauge', series: [{ labels: [], value: 1 }] }] },
        { namespace: 'b', families: [{ name: 'x', help: 'counter x', type: 'counter', series: [{ labels: [], value: 2 }] }] },
      ]);
      expect(families).to.have.length(1);
      expect(families[0].type).to.equal('gauge');
      expect(families[0].series).to.have.length(1);
      expect(conflicts).to.deep.equal([{ namespace: 'b', name: 'x', type: 'counter', keptFrom: 'a', keptType: 'gauge' }]);
    });

    it('should leave out a family whose output names clash with one of another namespace, first by name kept', () => {
      const { families, conflicts } = mergeNamespaces([
        { namespace: 'a', families: [{ name: 'rpc_count', help: '', type: 'gauge', series: [{ labels: [], value: 5 }] }] },
        { namespace: 'b', families: [{ name: 'rpc', help: '', type: 'histogram', series: [{ labels: [], buckets: [[Infinity, 1]], sum: 1, count: 1 }] }] },
      ]);
      expect(families.map((f) => f.name)).to.deep.equal(['rpc']);
      expect(conflicts).to.deep.equal([{ namespace: 'a', name: 'rpc_count', type: 'gauge', keptFrom: 'b', keptType: 'histogram', keptName: 'rpc' }]);
    });

    it('should use the label name given', () => {
      const { families } = mergeNamespaces(
        [{ namespace: 'a', families: [{ name: 'x', help: '', type: 'gauge', series: [{ labels: [], value: 1 }] }] }],
        'app',
      );
      expect(families[0].series[0].labels).to.deep.equal([['app', 'a']]);
    });
  });

  describe('withLabel', () => {
    it('should insert the label in sorted position', () => {
      expect(withLabel([['a', '1'], ['z', '2']], 'namespace', 'shop')).to.deep.equal([['a', '1'], ['namespace', 'shop'], ['z', '2']]);
    });
    it('should keep a clashing label as exported_<name>', () => {
      expect(withLabel([['namespace', 'tenant-7']], 'namespace', 'shop')).to.deep.equal([
        ['exported_namespace', 'tenant-7'],
        ['namespace', 'shop'],
      ]);
    });
    it('should prefix again when exported_<name> is taken too', () => {
      expect(withLabel([['exported_namespace', 'x'], ['namespace', 'y']], 'namespace', 'shop')).to.deep.equal([
        ['exported_exported_namespace', 'y'],
        ['exported_namespace', 'x'],
        ['namespace', 'shop'],
      ]);
    });
  });
});
