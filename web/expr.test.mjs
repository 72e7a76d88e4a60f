// The Go/JavaScript expression parity cases (questionnaires/testdata/parity.json,
// written by the Go evaluator), evaluated with web/static/js/expr.js:
// node --test web/ (make test runs it). Kept outside web/static so that
// the server does not serve it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

function loadExpr() {
  const ctx = { TextEncoder };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(readFileSync(here('./static/js/expr.js'), 'utf8'), ctx, { filename: 'expr.js' });
  return ctx.ABExpr;
}

const fixture = JSON.parse(readFileSync(here('../questionnaires/testdata/parity.json'), 'utf8'));
const ABExpr = loadExpr();

test('parity fixture is version 1 and complete', () => {
  assert.equal(fixture.version, ABExpr.VERSION, 'the fixture and expr.js are of one version of the JSON form');
  assert.equal(fixture.want.length, fixture.answers.length);
  assert.ok(fixture.exprs.length > 100, 'expressions: ' + fixture.exprs.length);
});

fixture.answers.forEach((answers, ai) => {
  test(`relevance agrees with Go on answer set ${ai}`, () => {
    const got = ABExpr.relevance(fixture.questions, answers);
    const want = fixture.want[ai];
    const wrong = [];
    fixture.exprs.forEach((e, i) => {
      const id = 'e' + i;
      const g = [got[id], got[id + '_nil']], w = [want[id], want[id + '_nil']];
      if (g[0] !== w[0] || g[1] !== w[1]) wrong.push(`${e}: JS (true, missing) = ${g}, Go ${w}`);
    });
    assert.deepEqual(wrong, []);
    for (const q of fixture.questions) {
      assert.equal(got[q.id], want[q.id], q.id);
    }
    assert.equal(Object.keys(ABExpr.prune(fixture.questions, answers)).length, fixture.kept[ai], 'answers kept');
    assert.deepEqual(JSON.parse(JSON.stringify(ABExpr.offered(fixture.questions, answers))), fixture.offered[ai], 'choices offered');
  });
});

test('regex() patterns match in JavaScript as in Go', () => {
  assert.ok(fixture.patterns.length > 20);
  const wrong = [];
  fixture.patterns.forEach((p, i) => {
    const re = new RegExp(p, 'u');
    fixture.texts.forEach((s, j) => {
      if (re.test(s) !== fixture.matches[i][j]) wrong.push(`${p} on ${JSON.stringify(s)}: JS ${re.test(s)}, Go ${fixture.matches[i][j]}`);
    });
  });
  assert.deepEqual(wrong, []);
});
