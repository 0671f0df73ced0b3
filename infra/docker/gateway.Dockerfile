# The gateway: the one HTTPS endpoint of the region (the Kubernetes API), and its load-balancer role (the ingress
# listener and the ports of LoadBalancer and NodePort Services). Build from the repository's root:
#   docker build -f infra/docker/gateway.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/Orchestrator.Gateway -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
EXPOSE 6443 8080
ENTRYPOINT ["dotnet", "Orchestrator.Gateway.dll"]
