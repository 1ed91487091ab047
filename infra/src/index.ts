export * from './manifest';
export * from './topology';
