/** The retry helpers live with the keeper service (services/keeper/retry.ts), which the simulator runs too. */
export * from '../../../services/keeper/retry';
