export * from './majors';
export * from './vocabulary';
export * from './envelope';
export * from './events';
export * from './stages';
export * from './region';
export * from './api';
