import { getAbiItem } from 'viem'

import { livestockEngineAbi, pegOracleAbi, reportStoreAbi, stockPriceFeedAbi } from '../generated'

/** The events the getLogs history source reads, taken from the generated ABIs. */
export const HISTORY_EVENTS = {
  fundingAccrued: getAbiItem({ abi: livestockEngineAbi, name: 'FundingAccrued' }),
  feesDistributed: getAbiItem({ abi: livestockEngineAbi, name: 'FeesDistributed' }),
  fundingSettled: getAbiItem({ abi: livestockEngineAbi, name: 'FundingSettled' }),
  fundingReceived: getAbiItem({ abi: livestockEngineAbi, name: 'FundingReceived' }),
  positionTraded: getAbiItem({ abi: livestockEngineAbi, name: 'PositionTraded' }),
  liquidated: getAbiItem({ abi: livestockEngineAbi, name: 'Liquidated' }),
  observed: getAbiItem({ abi: pegOracleAbi, name: 'Observed' }),
  answerUpdated: getAbiItem({ abi: stockPriceFeedAbi, name: 'AnswerUpdated' }),
  reportStored: getAbiItem({ abi: reportStoreAbi, name: 'ReportStored' }),
} as const
