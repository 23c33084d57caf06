// What feedback on ask runs teaches: confirmed terms, the column a corrected value lives in, the table a word meant.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AskRunFeedbackStore, learnFromRun } from '@querent/planning/dist/ask/feedback-learning';
import type { AskRunRecord, AskRunRepository } from '@querent/planning/dist/ask/ask-run';

function run(partial: Partial<AskRunRecord>): AskRunRecord {
  return {
    id: 'r1', question: 'How many customers in France?', conversationId: null, databaseId: 'db', status: 'ANSWERED', plannerKind: 'offline', route: null,
    plan: {
      kind: 'plan', intent: { kind: 'count', measures: [], dimensions: [], filters: [] }, tables: ['customers'], joinPath: [], sql: 'SELECT count(*) FROM customers', dialect: 'sqlite', explanation: '', confidence: 0.8,
      linkedTerms: [{ term: 'customers', target: { kind: 'table', schema: 'main', table: 'customers' }, confidence: 0.9, reason: 'table name' }],
    },
    steps: [], queryRunId: null, error: null, user: null, feedbackCorrect: null, correctedSql: null, createdAt: new Date(), finishedAt: new Date(), ...partial,
  };
}

describe('learning from feedback', () => {
  it('a run judged correct confirms the terms it linked', () => {
    assert.deepEqual(learnFromRun(run({ feedbackCorrect: true })), [{ term: 'customers', schema: 'main', table: 'customers', column: null, value: null, confidence: 0.7 }]);
  });

  it('a corrected SQL teaches the column of a value the question names and the table a word meant', () => {
    const learned = learnFromRun(run({ question: 'How many clients live in France?', feedbackCorrect: false, correctedSql: "SELECT count(*) FROM accounts WHERE accounts.country = 'France'" }));
    assert.ok(learned.some((m) => m.term === 'france' && m.table === 'accounts' && m.column === 'country' && m.value === 'France'), JSON.stringify(learned));
    assert.ok(learned.some((m) => m.term === 'clients' && m.table === 'accounts' && m.column === null), 'the unlinked word maps to the one new table');
    assert.ok(!learned.some((m) => m.term === 'how' || m.term === 'many'), 'question words are not learned');
  });

  it('learns nothing from a wrong answer without a correction, and nothing from an unanswered run', () => {
    assert.deepEqual(learnFromRun(run({ feedbackCorrect: false })), []);
    assert.deepEqual(learnFromRun(run({})), []);
  });

  it('repeated confirmations strengthen a mapping', async () => {
    const runs = [run({ id: 'a', feedbackCorrect: true }), run({ id: 'b', feedbackCorrect: true })];
    const repo = { feedbackRuns: async () => runs } as unknown as AskRunRepository;
    const mappings = await new AskRunFeedbackStore(repo).learnedMappings('db');
    assert.equal(mappings.length, 1);
    assert.ok(Math.abs(mappings[0].confidence - 0.8) < 1e-9);
  });
});
