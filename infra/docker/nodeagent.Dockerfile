# A node: the node agent with a containerd of its own inside the container (run it privileged). Build from the
# repository's root:
#   docker build -f infra/docker/nodeagent.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/Orchestrator.NodeAgent -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends containerd runc containernetworking-plugins catatonit \
       busybox-static umoci iptables iproute2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY infra/lib /opt/orchestrator/infra/lib
COPY infra/docker/nodeagent-entrypoint.sh /opt/orchestrator/nodeagent-entrypoint.sh
EXPOSE 10250
ENTRYPOINT ["bash", "/opt/orchestrator/nodeagent-entrypoint.sh"]
