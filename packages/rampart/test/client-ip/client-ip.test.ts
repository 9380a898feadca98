import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClientIpResolver, ipKeyOf, normalizeIp, RampartConfigError } from '../../src/index.js';

describe('normalizeIp', () => {
  const cases: [string, string][] = [
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:10.0.0.5', '10.0.0.5'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:DB8::A', '2001:db8::a'],
    // Other spellings of a mapped address, which some proxies write: kept as IPv6, every IPv4 client behind them
    // shared the key ::/64.
    ['::ffff:c000:201', '192.0.2.1'],
    ['0:0:0:0:0:ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:102:304', '1.2.3.4'],
    ['::ffff:0:0', '0.0.0.0'],
    ['::1', '::1'],
  ];
  for (const [input, expected] of cases)
    it(`${input} → ${expected}`, () => assert.equal(normalizeIp(input), expected));
});

describe('ipKeyOf', () => {
  const cases: [string, number, string][] = [
    ['203.0.113.9', 64, '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', 64, '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', 64, '2001:db8:1:2::/64'],
    ['2001:db8::1', 64, '2001:db8::/64'],
    ['::1', 64, '::/64'],
    ['2001:db8:1:2:3:4:5:6', 48, '2001:db8:1::/48'],
    ['2001:db8:1:2ff:3:4:5:6', 56, '2001:db8:1:200::/56'],
    ['2001:db8:1:2:3:4:5:6', 128, '2001:db8:1:2:3:4:5:6'],
    ['64:ff9b::192.0.2.33', 64, '64:ff9b::/64'],
    ['2001:0:0:1:0:0:0:1', 128, '2001:0:0:1::1'],
    ['1:0:0:2:0:0:0:0', 128, '1:0:0:2::'],
  ];
  for (const [ip, prefix, expected] of cases) {
    it(`${ip} /${prefix} → ${expected}`, () => assert.equal(ipKeyOf(ip, prefix), expected));
  }

  it('gives every address of one /64 the same key, and a neighbouring /64 another', () => {
    const keys = new Set(
      ['2001:db8:a:b::1', '2001:db8:a:b:1::', '2001:db8:a:b:dead:beef:0:1'].map((ip) => ipKeyOf(ip, 64)),
    );
    assert.equal(keys.size, 1);
    assert.notEqual(ipKeyOf('2001:db8:a:c::1', 64), ipKeyOf('2001:db8:a:b::1', 64));
  });
});

describe('createClientIpResolver', () => {
  const input = (socketIp: string, forwardedFor?: string | string[], forwardedProto?: string) => ({
    socketIp,
    socketEncrypted: false,
    forwardedFor,
    forwardedProto,
  });

  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    const resolver = createClientIpResolver();
    const address = resolver.resolve(input('198.51.100.7', '1.2.3.4', 'https'));
    assert.deepEqual(address, { ip: '198.51.100.7', key: '198.51.100.7', secure: false });
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const resolver = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
    assert.equal(resolver.resolve(input('198.51.100.7', '1.2.3.4')).ip, '198.51.100.7');
  });

  const trusted = createClientIpResolver({
    trustedProxies: ['10.0.0.0/8', '2001:db8:ffff::/48', '192.0.2.10'],
  });
  const chains: [string, string | string[], string][] = [
    ['one hop', '203.0.113.9', '203.0.113.9'],
    ['client-written entries on the left are ignored', '6.6.6.6, 7.7.7.7, 203.0.113.9', '203.0.113.9'],
    ['trusted hops on the right are skipped', '203.0.113.9, 10.1.1.1, 192.0.2.10', '203.0.113.9'],
    ['repeated headers are one list', ['6.6.6.6', '203.0.113.9, 10.2.2.2'], '203.0.113.9'],
    ['spaces and IPv6', ' 2001:db8:1::5 , 10.0.0.9 ', '2001:db8:1::5'],
    ['mapped IPv4 in the header', '::ffff:203.0.113.9', '203.0.113.9'],
    ['all hops trusted: the leftmost', '10.3.3.3, 10.4.4.4', '10.3.3.3'],
    ['a malformed hop next to our proxy stops the walk', '203.0.113.9, not-an-ip', '10.0.0.5'],
    ['empty header', '', '10.0.0.5'],
  ];
  for (const [name, header, expected] of chains) {
    it(`reads X-Forwarded-For from the right: ${name}`, () => {
      assert.equal(trusted.resolve(input('10.0.0.5', header)).ip, expected);
    });
  }

  it('recognises a trusted proxy reported as an IPv4-mapped IPv6 socket address', () => {
    assert.equal(trusted.resolve(input('::ffff:10.0.0.5', '203.0.113.9')).ip, '203.0.113.9');
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    assert.equal(trusted.resolve(input('10.0.0.5', '203.0.113.9', 'https')).secure, true);
    assert.equal(trusted.resolve(input('10.0.0.5', '203.0.113.9', 'http')).secure, false);
    assert.equal(trusted.resolve(input('198.51.100.7', undefined, 'https')).secure, false);
  });

  it('keys IPv6 clients behind a proxy by their /64', () => {
    assert.equal(trusted.resolve(input('10.0.0.5', '2001:db8:5:6:7::8')).key, '2001:db8:5:6::/64');
  });

  it('treats a missing socket address as unknown rather than throwing', () => {
    assert.equal(createClientIpResolver().resolve({ ...input(''), socketIp: undefined }).ip, '0.0.0.0');
  });

  // A range that holds the mapped block `::ffff:0:0/96` trusts every IPv4 peer: Node's BlockList matches them.
  for (const everyIpv4 of ['::ffff:0:0/96', '::FFFF:0:0/96', '0:0:0:0:0:ffff:0:0/96', '::/64', '::/80']) {
    it(`refuses ${everyIpv4}, which trusts every IPv4 address`, () => {
      assert.throws(
        () => createClientIpResolver({ trustedProxies: [everyIpv4] }),
        /trusts every IPv4 address/,
      );
    });
  }

  it('reads a range written in the mapped block as the IPv4 range it is', () => {
    const mapped = createClientIpResolver({ trustedProxies: ['::ffff:c000:200/120'] });
    assert.equal(mapped.resolve(input('192.0.2.7', '203.0.113.9')).ip, '203.0.113.9');
    assert.equal(mapped.resolve(input('192.0.3.7', '203.0.113.9')).ip, '192.0.3.7');
  });

  for (const bad of ['10.0.0.0/33', 'fe80::/129', 'not-an-ip', '10.0.0.0/x', '10.0.0.0/']) {
    it(`rejects trusted proxy ${bad}`, () => {
      assert.throws(() => createClientIpResolver({ trustedProxies: [bad] }), RampartConfigError);
    });
  }
});
