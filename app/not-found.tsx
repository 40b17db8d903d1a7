import { StatusPage } from "@/components/status-page";

export default function NotFound() {
  return <StatusPage title="Not found" message="This conversation does not exist, or it is not yours." />;
}
