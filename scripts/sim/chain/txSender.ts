/** The transaction sender lives with the keeper service (services/keeper/tx.ts), which the simulator runs too. */
export * from '../../../services/keeper/tx';
