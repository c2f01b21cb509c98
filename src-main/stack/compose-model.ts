export * from '../../src-shared/api/features/stack-model';
