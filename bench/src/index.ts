export * from './synthetic-servers';
export * from './load';
