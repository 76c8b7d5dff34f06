// NASM CPT renewals, the plain way in Node.js: JSON.parse, dates as UTC day
// numbers.  Reads JSON Lines records on standard input; prints one line per
// record (bench/peers/README.md): id, expires, window, status, required,
// earned, missing, cpr_aed, fees, fee_total, tab-separated.
//
//   node nasm.js AS_OF < records.jsonl
'use strict';

const MILLION = 1000000;
const NEED_H = 19 * MILLION;   // 2.0 CEU less the card's 0.1 CEU, in hours
const CREDIT_H = MILLION;      // the card: 0.1 CEU = 1 hour
const HOURS = { CEU: 10, hours: 1 };
const RENEWAL = 99, LATE = 75, ADDITIONAL = 50, PETITION = 25;
const DAY = 86400000;

// "YYYY-MM-DD" -> days since 1970-01-01.
function day(s) {
  return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY;
}

function iso(d) {
  return new Date(d * DAY).toISOString().slice(0, 10);
}

// The anniversary n years on; Date.UTC rolls Feb 29 of a common year to Mar 1.
function addYears(d, n) {
  const t = new Date(d * DAY);
  return Date.UTC(t.getUTCFullYear() + n, t.getUTCMonth(), t.getUTCDate()) / DAY;
}

function tenths(n) {
  return Math.floor(n / 10) + '.' + (n % 10);
}

// An exact amount in millionths: amounts have at most 6 decimals and stay
// below 1,000,000, so a double rounds back to the exact value.
function millionths(a) {
  return Math.round(Number(a) * MILLION);
}

function decide(rec, defaultAsOf) {
  const start = day(rec.cycle_start);
  const asOf = rec.applied_on ? day(rec.applied_on) : defaultAsOf;
  const expires = addYears(start, 2) - 1;
  const lastCount = expires + 90;

  let window;
  if (asOf <= expires) window = 'on_time';
  else if (asOf <= lastCount) window = 'late';
  else if (asOf < addYears(expires, 1)) window = 'reinstatement';
  else window = null;

  const card = rec.cpr_aed;
  let cpr;
  if (!card || (card.completed_on && day(card.completed_on) > asOf)) cpr = 'missing';
  else cpr = day(card.valid_until) >= asOf ? 'valid' : 'expired';

  let counted = 0, petitions = 0;
  for (const c of rec.courses || []) {
    if (c.provider === 'petition') petitions++;
    const done = day(c.completed_on);
    if (done > asOf || done < start || done > lastCount) continue;
    const hours = HOURS[c.unit];
    if (hours === undefined) continue;
    if (c.provider === 'petition') {
      if (c.petition !== 'approved') continue;
    } else if (c.provider !== 'approved') continue;
    counted += millionths(c.amount) * hours;
  }

  const valid = cpr === 'valid';
  const earnedH = counted + (valid ? CREDIT_H : 0);
  const missingH = Math.max(NEED_H - counted, 0) + (valid ? 0 : CREDIT_H);
  const unitsMet = counted >= NEED_H;

  let status;
  if (window === null) status = 'expired';
  else if (asOf < start) status = 'incomplete';
  else if (unitsMet && valid) status = 'renewable';
  else if (!unitsMet && asOf > lastCount) status = 'expired';
  else status = 'incomplete';

  const fees = [];
  let total = 0;
  if (status !== 'expired') {
    fees.push('renewal=' + RENEWAL + '.00'); total += RENEWAL;
    if (window === 'late' || window === 'reinstatement') { fees.push('late=' + LATE + '.00'); total += LATE; }
    if (window === 'reinstatement') { fees.push('additional=' + ADDITIONAL + '.00'); total += ADDITIONAL; }
    if (petitions) { fees.push('petition=' + PETITION + '.00x' + petitions); total += PETITION * petitions; }
  }

  return [rec.id, iso(expires), window === null ? 'null' : window, status, '2.0',
    tenths(Math.floor(earnedH / MILLION)), tenths(Math.ceil(missingH / MILLION)), cpr,
    fees.length ? fees.join(',') : '-', total + '.00'].join('\t');
}

function main() {
  const defaultAsOf = day(process.argv[2]);
  const readline = require('readline');
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let out = [];
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    out.push(decide(JSON.parse(line), defaultAsOf));
    if (out.length === 4096) {
      process.stdout.write(out.join('\n') + '\n');
      out = [];
    }
  });
  rl.on('close', () => {
    if (out.length) process.stdout.write(out.join('\n') + '\n');
  });
}

main();
