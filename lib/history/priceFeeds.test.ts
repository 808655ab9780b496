import { describe, expect, it } from 'vitest'

import { type Deployment, getDeployment, listStocks } from '../deployments'
import { spotPriceFeed, stockPriceFeed } from './priceFeeds'

const local = getDeployment(31337) as Deployment

describe('where a price history is written', () => {
  it('reads ReportStored of the feed id on a signed-reports deployment (StreamsFeed adapters emit nothing)', () => {
    expect(local.streams).toBeDefined()
    const tsla = listStocks(local).find((s) => s.symbol === 'TSLA.M')!
    expect(stockPriceFeed(local, tsla)).toEqual({ kind: 'report', feedId: local.streams!.feeds.TSLA })
    expect(spotPriceFeed(local, 0)).toEqual({ kind: 'report', feedId: local.streams!.feeds['BTC/USD'] })
    expect(spotPriceFeed(local, 1)).toEqual({ kind: 'report', feedId: local.streams!.feeds['ETH/USD'] })
  })

  it("reads the feed's own AnswerUpdated on a push-feed deployment", () => {
    const push: Deployment = { ...local, streams: undefined }
    const tsla = listStocks(push).find((s) => s.symbol === 'TSLA.M')!
    expect(stockPriceFeed(push, tsla)).toEqual({ kind: 'push', feed: tsla.feed })
    expect(spotPriceFeed(push, 0)).toEqual({ kind: 'push', feed: push.contracts.BtcUsdFeed })
    expect(spotPriceFeed({ ...push, contracts: {} }, 1)).toBeUndefined()
  })
})
