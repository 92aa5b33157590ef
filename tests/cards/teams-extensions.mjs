// Teams extensions of Adaptive Cards that Microsoft's adaptivecards library models only from schema 1.6, while Teams renders
// them on the 1.5 cards bots send: the dynamic typeahead's "choices.data" (a Data.Query) on an Input.ChoiceSet. The library's
// one event for it at 1.5 is accepted only when the shape is what Teams reads; anything else about it stays a problem.

const choicesDataAt15 = 'Property "choices.data" is supported in version 1.6, but you are using version 1.5.';

/** The datasets the bot answers in its application/search invoke (DirectoryQuery.DatasetName). */
export const datasets = ['people', 'groups'];

/** The problems of a typeahead choice set's shape, walking the whole card. */
export function dataQueryProblems(node, path = '$', out = []) {
  if (Array.isArray(node)) { node.forEach((item, i) => dataQueryProblems(item, `${path}[${i}]`, out)); return out; }
  if (node === null || typeof node !== 'object') return out;
  if ('choices.data' in node) {
    const query = node['choices.data'];
    const where = `${path}${node.id ? ` (${node.id})` : ''}`;
    if (node.type !== 'Input.ChoiceSet') out.push(`${where}: choices.data on a ${node.type}, not an Input.ChoiceSet`);
    if (node.style !== 'filtered') out.push(`${where}: a typeahead choice set must have style "filtered"`);
    if (query === null || typeof query !== 'object' || Array.isArray(query)) {
      out.push(`${where}: choices.data is not an object`);
    } else {
      if (query.type !== 'Data.Query') out.push(`${where}: choices.data type is ${JSON.stringify(query.type)}, not "Data.Query"`);
      if (!datasets.includes(query.dataset)) out.push(`${where}: choices.data dataset ${JSON.stringify(query.dataset)} is not one the bot answers (${datasets.join(', ')})`);
      if ('count' in query && !(Number.isInteger(query.count) && query.count > 0 && query.count <= 15)) out.push(`${where}: choices.data count must be 1-15`);
      for (const key of Object.keys(query)) {
        if (!['type', 'dataset', 'count', 'skip', 'associatedInputs'].includes(key)) out.push(`${where}: choices.data has an unknown property "${key}"`);
      }
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'choices.data' && typeof value === 'object') dataQueryProblems(value, `${path}.${key}`, out);
  }
  return out;
}

// A typeahead's choices come from the bot as the person types, so it may start with none; the library asks every choice set for one.
const noChoice = 'An Input.ChoiceSet must have at least one choice defined.';

function choiceSets(node, out = []) {
  if (Array.isArray(node)) { for (const item of node) choiceSets(item, out); return out; }
  if (node === null || typeof node !== 'object') return out;
  if (node.type === 'Input.ChoiceSet') out.push(node);
  for (const value of Object.values(node)) if (typeof value === 'object') choiceSets(value, out);
  return out;
}

/**
 * The library's messages for a card, less the two it gives a well-formed typeahead at 1.5 ("choices.data" is 1.6; no static
 * choice), plus the typeahead's shape problems. An empty choice set without choices.data is still refused.
 */
export function withTeamsExtensions(messages, card) {
  const shape = dataQueryProblems(card);
  const sets = choiceSets(card);
  const typeahead = sets.some((c) => 'choices.data' in c);
  const emptyStatic = sets.some((c) => !('choices.data' in c) && !(c.choices?.length > 0));
  const rest = messages.filter((m) => !(typeahead && m.endsWith(choicesDataAt15)) && !(typeahead && !emptyStatic && m.endsWith(noChoice)));
  return [...rest, ...shape];
}
