import { splitIdentifier, stemToken, stripRequestWords, tokenize } from '../src/domain/tokenize';

describe('tokenize', () => {
  it('splits snake_case, camelCase, kebab-case and dotted identifiers and keeps the compound', () => {
    expect(tokenize('get_current_stock_price', { stem: false })).toEqual([
      'get',
      'current',
      'stock',
      'price',
      'getcurrentstockprice',
    ]);
    expect(tokenize('getCurrentStockPrice', { stem: false })).toEqual(
      tokenize('get_current_stock_price', { stem: false }),
    );
    expect(tokenize('web-search', { stem: false })).toEqual(['web', 'search', 'websearch']);
    expect(tokenize('v1.nutrition', { stem: false })).toEqual(['1', 'nutrition', 'v1nutrition']);
  });

  it('splits acronyms and digits inside identifiers', () => {
    expect(splitIdentifier('getHTTPResponse')).toEqual(['get', 'http', 'response']);
    expect(splitIdentifier('base64Encode')).toEqual(['base', '64', 'encode']);
  });

  it('lowercases, drops stopwords and single letters', () => {
    expect(tokenize("I'm searching for THE Files of a user", { stem: false })).toEqual([
      'searching',
      'files',
      'user',
    ]);
  });

  it('stems lightly so inflections meet', () => {
    expect(stemToken('files')).toBe(stemToken('file'));
    expect(stemToken('queries')).toBe('query');
    expect(stemToken('creating')).toBe(stemToken('create'));
    expect(stemToken('created')).toBe(stemToken('creates'));
    expect(stemToken('searching')).toBe('search');
    expect(stemToken('running')).toBe('run');
    expect(stemToken('class')).toBe('class');
    expect(stemToken('status')).toBe('status');
    expect(stemToken('v2')).toBe('v2');
  });

  it('bigrams CJK text', () => {
    expect(tokenize('必应搜索')).toEqual(['必应', '应搜', '搜索']);
  });

  it('handles empty and punctuation-only input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ,;!? ')).toEqual([]);
  });

  it('strips request boilerplate but keeps identifiers that contain those words', () => {
    expect(stripRequestWords("Please, I'd like you to help me find the help_center docs")).toBe(
      "I'd you to me find the help_center docs",
    );
  });
});
