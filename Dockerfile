# syntax=docker/dockerfile:1
# Two images from one file, one target each; the last (mock-edoc) is the default:
#
#   docker build --target mock-edoc -t egovsim/mock-edoc .
#   docker build --target mock-egov -t egovsim/mock-egov .
#   docker build --build-arg VERSION=v1.2.3 --target mock-egov -t egovsim/mock-egov:v1.2.3 .
#
# The binaries are static (scripts/build.sh) with fonts and scenarios compiled in, so the final
# stage is an empty image: no shell, no libc, no files but the one binary. They run as 65532
# (nobody), listen on every interface inside the container (EGOVSIM_ADDR), and the HEALTHCHECK is
# the binary probing itself (-healthcheck reads the same EGOVSIM_ADDR and EGOVSIM_ADMIN_TOKEN).
# Any flag can be given as an EGOVSIM_* variable or after the image name.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=
RUN VERSION="${VERSION}" REVISION="${REVISION}" bash scripts/build.sh /out

FROM scratch AS mock-egov
COPY --from=build /out/mock-egov /mock-egov
USER 65532:65532
ENV EGOVSIM_ADDR=0.0.0.0:8082
EXPOSE 8082
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["/mock-egov", "-healthcheck"]
ENTRYPOINT ["/mock-egov"]

FROM scratch AS mock-edoc
COPY --from=build /out/mock-edoc /mock-edoc
USER 65532:65532
ENV EGOVSIM_ADDR=0.0.0.0:8081
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["/mock-edoc", "-healthcheck"]
ENTRYPOINT ["/mock-edoc"]
