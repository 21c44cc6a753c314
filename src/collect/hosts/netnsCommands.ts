// Read-only commands run inside a network namespace, shared by the backends' collection plans.

/** The listening TCP sockets of a namespace and their processes (the metadata proxy's, haproxy's): read-only. */
export const listeningTcp = (namespace: string): string[] => ['ip', 'netns', 'exec', namespace, 'ss', '-l', '-t', '-n', '-p'];
