// The contract between Python and the map script: Python's payloads (written by
// tests/js/write_fixtures.py) against the schema atlas_view/contract.py writes, and the map's
// report built the way the map builds it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {checkAgainstSchema} = require('../../atlas_view/static/atlas-contract.js');
const {atlasMakeReport} = require('../../atlas_view/static/atlas-map.js');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../atlas_view/static/atlas-contract.schema.json')));
const fixtures = process.env.ATLAS_JS_FIXTURES || path.join(__dirname, '../../test-artifacts/js-fixtures');
const load = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, name + '.json')));

test('the configuration Python gives the map is a MapConfig', () => {
  assert.deepEqual(checkAgainstSchema(schema, 'MapConfig', load('config')), []);
});

test("the export's configuration carries the reference layer: places, names, outlines, the river", () => {
  const config = load('config-export');
  assert.deepEqual(checkAgainstSchema(schema, 'MapConfig', config), []);
  assert.equal(config.reference.places[1].name, 'Mazar-e Sharif');
  assert.equal(config.reference.names.filter((n) => n.kind === 'country').length, 6);
  const broken = JSON.parse(JSON.stringify(config));
  broken.reference.places[0].rank = 'first';
  assert.match(checkAgainstSchema(schema, 'MapConfig', broken)[0], /reference: matches none/);
  assert.match(checkAgainstSchema(schema, 'ReferenceLayer', broken.reference)[0], /rank: expected integer/);
});

test("Python's layers, of a month and of a day, are MomentLayers", () => {
  assert.deepEqual(checkAgainstSchema(schema, 'MomentLayer', load('layer-month')), []);
  assert.deepEqual(checkAgainstSchema(schema, 'MomentLayer', load('layer-day')), []);
});

test('the month table is a MonthTable of 408 months with the change days of every province', () => {
  const table = load('month-table');
  assert.deepEqual(checkAgainstSchema(schema, 'MonthTable', table), []);
  assert.equal(table.months.length, 408);
  assert.ok(table.changeDays.all.length > 100);
  assert.ok(table.changeDays['AF-BAL'].includes('1997-05-24'));
});

test('a layer with a missing, mistyped or unknown field is refused, with the field named', () => {
  const layer = load('layer-month');
  const missing = Object.assign({}, layer); delete missing.timeRequest;
  assert.match(checkAgainstSchema(schema, 'MomentLayer', missing)[0], /timeRequest: missing/);
  assert.match(checkAgainstSchema(schema, 'MomentLayer', Object.assign({}, layer, {month: '112'}))[0],
               /MomentLayer.month: expected integer/);
  assert.match(checkAgainstSchema(schema, 'MomentLayer', Object.assign({}, layer, {script: 'x'}))[0],
               /script: not in the contract/);
  assert.match(checkAgainstSchema(schema, 'MomentLayer', Object.assign({}, layer, {precision: 'year'}))[0],
               /precision/);
});

test('a value nested past any payload is refused, not followed', () => {
  let deep = {};
  for (let i = 0; i < 1000; i++) { deep = {styles: deep}; }
  const problems = checkAgainstSchema(schema, 'MomentLayer', Object.assign({}, load('layer-month'), {styles: deep}));
  assert.ok(problems.length > 0);
});

test('the report the map sends is a MapReport, its moment written as a link writes it', () => {
  const params = load('month-table').params;
  const report = atlasMakeReport(4, 'abc123', {month: 112, day: null, playing: false, speed: 6}, params,
                                 {lat: 36.7, lon: 67.1, zoom: 7}, {kind: 'province', id: 'AF-BAL'});
  assert.deepEqual(checkAgainstSchema(schema, 'MapReport', report), []);
  assert.equal(report.moment, '1997-05');
  assert.equal(report.viewChosen, true);
  const day = atlasMakeReport(5, 'abc123', {month: 112, day: '1997-05-26', playing: true, speed: 12}, params, null, null);
  assert.deepEqual(checkAgainstSchema(schema, 'MapReport', day), []);
  assert.deepEqual([day.moment, day.view, day.viewChosen, day.click], ['1997-05-26', null, false, null]);
});

test('every data-atlas-* name the map sets comes from the configuration', () => {
  const attributes = load('config').attributes;
  const script = fs.readFileSync(path.join(__dirname, '../../atlas_view/static/atlas-map.js'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');  // code, not comments
  for (const name of script.match(/setRoot\('([a-zA-Z]+)'/g).map(m => m.slice(9, -1))) {
    assert.ok(attributes[name], `setRoot('${name}') has no name in the contract`);
  }
});
