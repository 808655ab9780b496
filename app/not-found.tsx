import Link from 'next/link'

import { PageHeading } from '../components/PageHeading'

export default function NotFound() {
  return (
    <div className="flex flex-col gap-4">
      <PageHeading title="Page not found">There is nothing at this address.</PageHeading>
      <Link href="/" className="text-sky-400 hover:underline">
        Back to the home page
      </Link>
    </div>
  )
}
