// Shared test data: a register with one control's exceptions, as app.Findings returns them.
import type { EvaluationResult, ExceptionRegister, Finding, TestResult } from '../../api';

export const hostile = '<img src=x onerror="window.__pwned=1">';

const result: TestResult = {
  test_id: 'tst_1',
  control_id: 'CM-01',
  criteria: ['CC8.1'],
  sample_size: 25,
  deviations: 2,
  exceeds: true,
  evaluation: {
    sample_size: 25, deviations: 2, confidence: 0.9, sample_deviation_rate: 0.08, upper_deviation_limit: 0.2,
    upper_deviation_limit_exact: 0.1991, tolerable_rate: 0.1, supports_reliance: false, size_needed: null, conclusion: '',
  },
};

export const register: ExceptionRegister = {
  exceptions: 2,
  default_confidence: '90%',
  default_tolerable: '10%',
  controls: [
    {
      control_id: 'CM-01',
      criteria: ['CC8.1'],
      tests: [result],
      exceptions: [
        { test_id: 'tst_1', control_id: 'CM-01', criteria: ['CC8.1'], item: 7, item_key: 'CHG-107', attribute: 'A', attribute_text: 'Approved', note: hostile,
          evidence: [{ evidence_id: 'ev1', name: 'tickets.csv', sha256: 'a'.repeat(64), row: 8 }] },
        { test_id: 'tst_1', control_id: 'CM-01', criteria: ['CC8.1'], item: 19, item_key: 'CHG-119', attribute: 'B', attribute_text: 'Not self-approved', note: '', evidence: [] },
      ],
    },
  ],
  criteria: [{ criterion: 'CC8.1', controls: ['CM-01'], exceptions: 2, exceeding: ['tst_1'] }],
  tests: [
    { test_id: 'tst_1', control_id: 'CM-01', title: 'Change approval', criteria: ['CC8.1'], conclusion: 'Exceptions noted: 2 of 25 samples.', complete: true,
      reviewed: false, confidence: '90%', tolerable: '10%', defaulted: true, result },
    { test_id: 'tst_2', control_id: 'CM-02', title: 'Emergency review', criteria: ['CC8.1'], conclusion: 'No exceptions noted.', complete: true,
      reviewed: true, confidence: '90%', tolerable: '10%', defaulted: true,
      result: { ...result, test_id: 'tst_2', control_id: 'CM-02', deviations: 0, exceeds: false } },
  ],
};

export const proposal: EvaluationResult = {
  classification: 'significant_deficiency',
  alone: 'significant_deficiency',
  opinion: 'unmodified',
  affects: 'operating effectiveness',
  criteria_not_met: [],
  criteria: [{ criterion: 'CC8.1', alone: 'significant_deficiency', combined: 'significant_deficiency', with: [], met: true }],
  explanation: ['CM-01 is an operating deficiency.', `Step with ${hostile} as text.`],
};

export const finding: Finding = {
  id: 'F-001', title: 'Changes deployed without approval', condition: 'Two changes.', criteria: ['CC8.1'], cause: '', effect: '',
  recommendation: 'Approve first.', classification: 'significant_deficiency', rationale: 'Because.', controls: ['CM-01'], exceptions: [],
  evidence: [], owner: 'CTO', status: 'in_review', history: [], version: 'v1', changed_since_issue: false,
  preparer: { actor: 'ann', at: '2026-11-25T10:00:00Z', version: 'v1' },
  created_at: '2026-11-25T09:00:00Z', created_by: 'ann', updated_at: '2026-11-25T09:00:00Z', updated_by: 'ann',
};

export const controls = [
  { id: 'CM-01', title: 'Changes approved', key: true, criteria: ['CC8.1'] },
  { id: 'CM-02', title: 'Emergency changes reviewed', key: false, criteria: ['CC8.1'] },
];
