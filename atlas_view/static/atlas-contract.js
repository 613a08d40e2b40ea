/* Junbish Atlas: checks of what crosses between Python and the map script, against the JSON
 * Schema that atlas_view/contract.py writes (atlas_view/static/atlas-contract.schema.json).
 *
 * atlasPayloadProblems(name, value) -> a list of problems ("MomentLayer.month: expected
 * integer"); empty when the value is a well-formed `name` (a definition of the schema). The
 * schema is the global ATLAS_CONTRACT_SCHEMA in a page (the dashboard's script file and the
 * export put it there) or given to checkAgainstSchema in the tests. Only the parts of JSON
 * Schema the contract uses are understood: type (with null), properties, required,
 * additionalProperties, items, enum, anyOf and $ref to #/definitions.
 */
function checkAgainstSchema(schema, name, value) {
  var problems = [];
  var definitions = schema.definitions || {};

  function typeOf(v) {
    if (v === null) { return 'null'; }
    if (Array.isArray(v)) { return 'array'; }
    if (typeof v === 'number') { return Number.isInteger(v) ? 'integer' : 'number'; }
    return typeof v;
  }
  function typeMatches(expected, actual) {
    var list = Array.isArray(expected) ? expected : [expected];
    return list.some(function (t) { return t === actual || (t === 'number' && actual === 'integer'); });
  }
  function check(rule, v, path, depth) {
    if (problems.length > 20) { return; }
    if (depth > 32) { problems.push(path + ': nested too deep'); return; }
    if (rule.$ref) {
      var target = definitions[rule.$ref.replace('#/definitions/', '')];
      if (!target) { problems.push(path + ': unknown definition ' + rule.$ref); return; }
      check(target, v, path, depth + 1);
      return;
    }
    if (rule.anyOf) {
      var ok = rule.anyOf.some(function (option) {
        var before = problems.length;
        check(option, v, path, depth + 1);
        var fine = problems.length === before;
        problems.length = before;
        return fine;
      });
      if (!ok) { problems.push(path + ': matches none of its allowed forms'); }
      return;
    }
    var actual = typeOf(v);
    if (rule.type && !typeMatches(rule.type, actual)) {
      problems.push(path + ': expected ' + [].concat(rule.type).join(' or ') + ', got ' + actual);
      return;
    }
    if (rule.enum && rule.enum.indexOf(v) < 0) { problems.push(path + ': not one of ' + rule.enum.join(', ')); }
    if (actual === 'object') {
      (rule.required || []).forEach(function (key) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) { problems.push(path + '.' + key + ': missing'); }
      });
      var properties = rule.properties || {};
      Object.keys(v).forEach(function (key) {
        if (properties[key]) {
          check(properties[key], v[key], path + '.' + key, depth + 1);
        } else if (rule.additionalProperties === false) {
          problems.push(path + '.' + key + ': not in the contract');
        } else if (rule.additionalProperties && typeof rule.additionalProperties === 'object') {
          check(rule.additionalProperties, v[key], path + '.' + key, depth + 1);
        }
      });
    }
    if (actual === 'array' && rule.items) {
      v.forEach(function (item, i) { check(rule.items, item, path + '[' + i + ']', depth + 1); });
    }
  }
  if (!definitions[name]) { return ['unknown payload ' + name]; }
  check({$ref: '#/definitions/' + name}, value, name, 0);
  return problems;
}

function atlasPayloadProblems(name, value) {
  if (typeof ATLAS_CONTRACT_SCHEMA === 'undefined') { return []; }
  return checkAgainstSchema(ATLAS_CONTRACT_SCHEMA, name, value);
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = {checkAgainstSchema: checkAgainstSchema};
}
