// Initiates the single-node replica set rs0 of docker-compose.yml and
// waits until the node is the writable primary. The one-shot service
// mongo-init runs it with mongosh at every `docker compose up`: on an
// initiated set it only checks that there is a primary, so it is safe to
// run again. Exit status 0 lets the app start (depends_on:
// service_completed_successfully).
//
// The member is named by its service name, mongo:27017, not by the
// container's host name: the app's driver connects to the members the
// replica set configuration lists, and only the service name resolves
// from the other containers.
const setName = "rs0";
const member = "mongo:27017";

let initiated = true;
try {
  rs.status();
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  initiated = false;
}
if (!initiated) {
  rs.initiate({ _id: setName, members: [{ _id: 0, host: member }] });
  print(`replica set ${setName} initiated with the member ${member}`);
}

const deadline = Date.now() + 120 * 1000;
while (Date.now() < deadline) {
  const hello = db.hello();
  if (hello.isWritablePrimary) {
    print(`${hello.me} is the primary of ${hello.setName}`);
    quit(0);
  }
  sleep(1000);
}
print(`no primary of ${setName} within 120 s: see the logs of the mongo service`);
quit(1);
