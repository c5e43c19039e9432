// A minimal DNS A query (RFC 1035 §4.1) so the check can ask the interface's own DNS server
// without depending on dig/host being installed.

export function buildDnsQuery(id: number, name: string): Uint8Array {
  const labels = name.replace(/\.$/, '').split('.');
  const qname: number[] = [];
  for (const l of labels) {
    const bytes = new TextEncoder().encode(l);
    if (bytes.length === 0 || bytes.length > 63) throw new Error(`bad DNS label in ${name}`);
    qname.push(bytes.length, ...bytes);
  }
  qname.push(0);
  const header = [(id >> 8) & 0xff, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]; // RD=1, QDCOUNT=1
  return Uint8Array.from([...header, ...qname, 0, 1, 0, 1]); // QTYPE=A, QCLASS=IN
}

export interface DnsAnswer {
  id: number;
  rcode: number;
  addresses: string[];
}

function skipName(buf: Uint8Array, off: number): number {
  for (let guard = 0; guard < 128; guard++) {
    const len = buf[off];
    if (len === undefined) throw new Error('truncated DNS name');
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) return off + 2; // compression pointer ends the name
    off += 1 + len;
  }
  throw new Error('DNS name too long');
}

export function parseDnsResponse(buf: Uint8Array): DnsAnswer {
  if (buf.length < 12) throw new Error('DNS response shorter than its header');
  const u16 = (o: number) => {
    const a = buf[o];
    const b = buf[o + 1];
    if (a === undefined || b === undefined) throw new Error('truncated DNS response');
    return (a << 8) | b;
  };
  const id = u16(0);
  const flags = u16(2);
  if ((flags & 0x8000) === 0) throw new Error('not a DNS response');
  const rcode = flags & 0x0f;
  const qd = u16(4);
  const an = u16(6);
  let off = 12;
  for (let i = 0; i < qd; i++) off = skipName(buf, off) + 4;
  const addresses: string[] = [];
  for (let i = 0; i < an; i++) {
    off = skipName(buf, off);
    const type = u16(off);
    const rdlen = u16(off + 8);
    off += 10;
    if (type === 1 && rdlen === 4 && off + 4 <= buf.length) addresses.push(Array.from(buf.subarray(off, off + 4)).join('.'));
    off += rdlen;
  }
  return { id, rcode, addresses };
}
