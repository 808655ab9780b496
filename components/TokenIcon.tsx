import { tokenIconPath } from '../lib/tokenIcons'

/** A stock token's icon (public/tokens/, drawn by `npm run assets`). Decorative: the symbol is always written beside it. */
export function TokenIcon({ symbol, size = 20 }: { symbol: string; size?: number }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a 500-byte SVG: next/image would add nothing but a loader
    <img src={tokenIconPath(symbol)} alt="" aria-hidden width={size} height={size} className="inline-block shrink-0 align-middle" />
  )
}
