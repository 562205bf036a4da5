import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  parse,
  print,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import { loadApiSdl, OPERATIONS_DIR } from '@mcpr/schema';
import * as operations from '../src/operations';

/*
 * Every document mcpm sends must be valid against the composed API schema. Documents whose root field
 * the API does not serve yet (trust's vet and registerPublisherKey, search's search and recommendTools,
 * while those subgraphs are being built) are listed as pending; once the field appears they are checked
 * like the others, so this test starts guarding them the day they land.
 */
const schema = buildSchema(loadApiSdl());
const documents = Object.entries(operations).filter(
  (entry): entry is [string, DocumentNode] =>
    entry[0].endsWith('Document') && (entry[1] as DocumentNode)?.kind === 'Document',
);

function rootField(document: DocumentNode): { type: 'query' | 'mutation' | 'subscription'; field: string } {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
  )!;
  const selection = operation.selectionSet.selections[0]!;
  return { type: operation.operation, field: selection.kind === 'Field' ? selection.name.value : '' };
}

function served(document: DocumentNode): boolean {
  const { type, field } = rootField(document);
  const root =
    type === 'query'
      ? schema.getQueryType()
      : type === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return Boolean(root?.getFields()[field]);
}

describe('the documents mcpm sends', () => {
  it('includes every operation the commands use', () => {
    expect(documents.map(([name]) => name).sort()).toEqual(
      [
        'ListServersDocument',
        'LockTargetDocument',
        'PublishServerDocument',
        'RecommendToolsDocument',
        'RecordInstallDocument',
        'RegisterPublisherKeyDocument',
        'SearchDocument',
        'ServerDetailDocument',
        'ServerVersionDocument',
        'SetVersionStatusDocument',
        'VetDocument',
        'ViewerDocument',
      ].sort(),
    );
  });

  it.each(documents)(
    '%s is valid against api.graphql once the API serves its root field',
    (_name, document) => {
      if (!served(document)) {
        expect(['vet', 'registerPublisherKey', 'search', 'recommendTools']).toContain(
          rootField(document).field,
        );
        return;
      }
      expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    },
  );

  it.each([
    ['VetDocument', 'Vet'],
    ['RecommendToolsDocument', 'RecommendTools'],
  ])('%s is the contract operation %s unchanged', (name, file) => {
    const contract = readFileSync(join(OPERATIONS_DIR, `${file}.graphql`), 'utf8');
    expect(print((operations as unknown as Record<string, DocumentNode>)[name]!)).toBe(
      print(parse(contract)),
    );
  });

  it('SearchDocument is the contract Search operation plus the scan status of each hit', () => {
    const contract = print(parse(readFileSync(join(OPERATIONS_DIR, 'Search.graphql'), 'utf8')));
    const ours = print(operations.SearchDocument).replace(
      ' latestVersion {\n          version\n          scan {\n            status\n          }\n        }',
      '',
    );
    expect(ours.replace(/\s+/g, ' ')).toBe(contract.replace(/\s+/g, ' '));
  });
});
