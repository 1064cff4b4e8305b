# A SweepCluster silo (docs/cli.md), configured by SWEEP_* environment variables: SWEEP_REDIS, SWEEP_SLOTS,
# SWEEP_SILO_PORT, SWEEP_GATEWAY_PORT, SWEEP_METRICS_PORT, SWEEP_ADVERTISE (unset: the container's own IP),
# SWEEP_RESULTS_ROOT and SWEEP_CHECKPOINT_ROOT (e.g. under /var/lib/sweep, a shared volume).
# Build from the repository root: docker build -f deploy/silo.Dockerfile -t sweepcluster-silo .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first, so that the restore layer is reused until a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Engine/Engine.csproj src/Engine/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Silo/Silo.csproj src/Silo/
RUN dotnet restore src/Silo/Silo.csproj
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The image's default ASPNETCORE_HTTP_PORTS (8080) is cleared: the silo listens on SWEEP_METRICS_PORT itself.
ENV ASPNETCORE_HTTP_PORTS= \
    SWEEP_SILO_PORT=11111 \
    SWEEP_GATEWAY_PORT=30000 \
    SWEEP_METRICS_PORT=9464
# silo-to-silo, client gateway, /metrics and /healthz
EXPOSE 11111 30000 9464
# The folder for SWEEP_RESULTS_ROOT and SWEEP_CHECKPOINT_ROOT, the silo's own: a named volume mounted there starts as a copy.
RUN mkdir -p /var/lib/sweep && chown $APP_UID /var/lib/sweep
USER $APP_UID
ENTRYPOINT ["dotnet", "SweepCluster.Silo.dll"]
