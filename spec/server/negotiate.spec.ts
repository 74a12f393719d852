import { expect } from 'chai';
import { acceptsGzip, negotiateFormat } from '../../lib/server/negotiate';

describe('server/negotiate', () => {
  describe('negotiateFormat', () => {
    it('should pick OpenMetrics for the Accept header Prometheus sends', () => {
      const prometheus =
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
      expect(negotiateFormat(prometheus)).to.equal('openmetrics');
    });
    it('should pick protobuf for the Accept header Prometheus sends when it scrapes native histograms', () => {
      const prometheus =
        'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
      expect(negotiateFormat(prometheus)).to.equal('protobuf');
      expect(negotiateFormat('application/vnd.google.protobuf; proto="io.prometheus.client.MetricFamily"; encoding=delimited')).to.equal('protobuf');
    });
    it('should not answer protobuf for another message or encoding', () => {
      expect(negotiateFormat('application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text')).to.equal('text');
      expect(negotiateFormat('application/vnd.google.protobuf;proto=other.Message;encoding=delimited')).to.equal('text');
      expect(negotiateFormat('application/vnd.google.protobuf')).to.equal('text');
      expect(negotiateFormat('application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.1,application/openmetrics-text')).to.equal('openmetrics');
    });
    it('should pick the text format when it weighs more, or nothing is said', () => {
      expect(negotiateFormat('application/openmetrics-text;q=0.3,text/plain;version=0.0.4;q=0.8')).to.equal('text');
      expect(negotiateFormat(undefined)).to.equal('text');
      expect(negotiateFormat('')).to.equal('text');
      expect(negotiateFormat('*/*')).to.equal('text');
      expect(negotiateFormat('application/json')).to.equal('text');
    });
    it('should not answer OpenMetrics for a version it does not write, or one refused with q=0', () => {
      expect(negotiateFormat('application/openmetrics-text;version=2.0.0')).to.equal('text');
      expect(negotiateFormat('application/openmetrics-text;q=0')).to.equal('text');
      expect(negotiateFormat('application/openmetrics-text; version="1.0.0"; charset=utf-8')).to.equal('openmetrics');
    });
    it('should give equal weights to the range listed first', () => {
      expect(negotiateFormat('text/plain,application/openmetrics-text')).to.equal('text');
      expect(negotiateFormat('application/openmetrics-text,text/plain')).to.equal('openmetrics');
    });
    it('should let the format parameter override the header', () => {
      expect(negotiateFormat('application/openmetrics-text', 'text')).to.equal('text');
      expect(negotiateFormat('text/plain', 'openmetrics')).to.equal('openmetrics');
      expect(negotiateFormat('text/plain', 'protobuf')).to.equal('protobuf');
      expect(negotiateFormat('text/plain', 'bogus')).to.equal('text');
    });
  });

  describe('acceptsGzip', () => {
    it('should accept gzip, x-gzip and *', () => {
      expect(acceptsGzip('gzip')).to.equal(true);
      expect(acceptsGzip('deflate, gzip;q=0.5')).to.equal(true);
      expect(acceptsGzip('x-gzip')).to.equal(true);
      expect(acceptsGzip('*')).to.equal(true);
    });
    it('should refuse a missing header, other encodings and q=0', () => {
      expect(acceptsGzip(undefined)).to.equal(false);
      expect(acceptsGzip('identity')).to.equal(false);
      expect(acceptsGzip('br, deflate')).to.equal(false);
      expect(acceptsGzip('gzip;q=0, *')).to.equal(false);
    });
  });
});
