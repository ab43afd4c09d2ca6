import { describe, expect, it } from 'vitest';
import { parsePlanLog, rowsRead } from './plans.js';

// As PostgreSQL 15 writes it with auto_explain.log_format=json (captured from the course's image).
const log = [
  '2026-12-03 12:53:51.700 UTC [1] LOG:  database system is ready to accept connections',
  '2026-12-03 12:53:51.757 UTC [54] LOG:  duration: 0.045 ms  plan:',
  '\t{',
  '\t  "Query Text": "SELECT id FROM shifts WHERE day = 3",',
  '\t  "Plan": {',
  '\t    "Node Type": "Seq Scan",',
  '\t    "Relation Name": "shifts",',
  '\t    "Actual Rows": 14,',
  '\t    "Actual Loops": 1,',
  '\t    "Filter": "(day = 3)",',
  '\t    "Rows Removed by Filter": 86',
  '\t  }',
  '\t}',
  '2026-12-03 12:53:52.001 UTC [55] LOG:  duration: 1.2 ms  plan:',
  '\t{',
  '\t  "Query Text": "SELECT … FROM slots LEFT JOIN shifts …",',
  '\t  "Plan": {',
  '\t    "Node Type": "Nested Loop",',
  '\t    "Actual Rows": 40,',
  '\t    "Actual Loops": 1,',
  '\t    "Plans": [',
  '\t      { "Node Type": "Function Scan", "Actual Rows": 4, "Actual Loops": 1 },',
  '\t      { "Node Type": "Index Scan", "Relation Name": "shifts", "Index Name": "shifts_starts_at", "Actual Rows": 10, "Actual Loops": 4, "Rows Removed by Filter": 5 }',
  '\t    ]',
  '\t  }',
  '\t}',
  '2026-12-03 12:53:52.100 UTC [56] LOG:  duration: 0.3 ms  plan:',
  '\t{',
  '\t  "Query Text": "cut short by a stopping server",',
].join('\n');

describe('plans from the log', () => {
  it('reads each plan auto_explain logged, and skips one cut short', () => {
    const plans = parsePlanLog(log);
    expect(plans.map((p) => p.query)).toEqual(['SELECT id FROM shifts WHERE day = 3', 'SELECT … FROM slots LEFT JOIN shifts …']);
    expect(plans[0]!.plan['Node Type']).toBe('Seq Scan');
  });

  it('counts the rows a table was read for: returned and filtered out, over every loop', () => {
    const [seq, nested] = parsePlanLog(log);
    expect(rowsRead(seq!.plan, 'shifts')).toBe(100);
    expect(rowsRead(nested!.plan, 'shifts')).toBe(60);
    expect(rowsRead(nested!.plan, 'employees')).toBe(0);
  });
});
