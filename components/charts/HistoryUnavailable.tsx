import { Notice } from '../ui/Notice'

/** Why a history area is empty or out of date (the indexer or the RPC did not answer); nothing while it reads fine. */
export function HistoryUnavailable({ message }: { message: string | undefined }) {
  if (!message) return null
  return (
    <Notice tone="warning" testId="history-unavailable">
      {message}
    </Notice>
  )
}
