import { describe, expect, it } from 'vitest'

import { SEVEN_DAYS } from './history/earnings'
import { trailingWindow } from './windows'

describe('trailingWindow', () => {
  it('is seven days on a mature chain', () => {
    expect(trailingWindow(10 * 86_400, 0)).toEqual({ since: 3 * 86_400, seconds: SEVEN_DAYS })
  })

  it('shrinks to the protocol age on a young chain', () => {
    expect(trailingWindow(5_000, 2_000)).toEqual({ since: 2_000, seconds: 3_000 })
  })

  it('has no window before time is known or at age zero', () => {
    expect(trailingWindow(undefined, 0)).toBeUndefined()
    expect(trailingWindow(100, 100)).toBeUndefined()
    expect(trailingWindow(86_400, undefined, 3_600)).toEqual({ since: 82_800, seconds: 3_600 })
  })
})
